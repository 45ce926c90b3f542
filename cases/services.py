"""Writes to scenarios in the working copy (published editions carry their own frozen copy)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from roadmap.editing import attribute, lock_revision, save_edit

from .models import Scenario


def scenario_save(*, scenario: Scenario, expected_revision: int | None, actor: AbstractBaseUser | None,
                  reason: str = "") -> Scenario:
    """Create or update a scenario unless someone else saved it in between (roadmap.editing.StaleEdit)."""
    return save_edit(instance=scenario, expected_revision=expected_revision, actor=actor, reason=reason)


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor: AbstractBaseUser | None) -> None:
    """Delete a scenario from the working copy; editions already published keep theirs."""
    lock_revision(scenario, None)
    attribute(scenario, actor)
    scenario.delete()
