"""Saving and deleting one record of the working copy from the coordinators' forms.

Every edited object carries a `revision` (roadmap.models.Revisioned). A form remembers the revision it
was opened at; saving on top of a newer revision (another coordinator saved in between) is refused
with StaleEdit, and the form keeps what this user typed. The audit trail (django-simple-history)
records every save with its author.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """Somebody else saved (or deleted) the object after this form was opened."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone else saved this item after you opened it. Nothing was saved; your text is still "
                "in the form. Open the item again in a new tab to see their version, then copy your "
                "changes over."
            )
        )


def lock_revision(instance: models.Model, expected_revision: int | None) -> None:
    """Inside a transaction: lock the row, refuse if its revision moved on, and bump the revision.

    New objects (no pk) pass. Call before saving the instance or its children (options, offices, …).
    """
    if instance.pk is None:
        return
    current = (
        type(instance)
        .objects.select_for_update()
        .filter(pk=instance.pk)
        .values_list("revision", flat=True)
        .first()
    )
    if current is None:
        raise StaleEdit(_("Someone else deleted this item after you opened it. Nothing was saved."))
    if expected_revision is not None and current != expected_revision:
        raise StaleEdit
    instance.revision = current + 1


def record_author(instance: models.Model, actor: AbstractBaseUser | None, reason: str = "") -> None:
    """Name the author (and why) on the audit-trail record of the next save, also outside a request."""
    if actor is not None and actor.is_authenticated:
        instance._history_user = actor
    if reason:
        instance._change_reason = reason


@transaction.atomic
def save_edit(
    *, instance: models.Model, expected_revision: int | None, actor: AbstractBaseUser | None, reason: str = ""
) -> models.Model:
    """Validate and save one edited object unless it went stale (StaleEdit); returns it saved."""
    lock_revision(instance, expected_revision)
    instance.full_clean()
    record_author(instance, actor, reason)
    instance.save()
    return instance


class DeleteRefused(Exception):
    """An item is still used elsewhere in the working copy; `blockers` says where."""

    def __init__(self, message: str, blockers: list | None = None):
        super().__init__(message)
        self.message = message
        self.blockers = list(blockers or [])
