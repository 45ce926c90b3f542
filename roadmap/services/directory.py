"""Saving and deleting the directory: institutions with their offices, legal references, documents,
glossary terms and scenarios (deletes are refused while the pathway still uses the item)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _

from .edits import DeleteRefused, lock_revision, record_author, save_edit


@transaction.atomic
def institution_save(
    *,
    institution: models.Model,
    offices,
    expected_revision: int | None,
    actor: AbstractBaseUser | None,
    reason: str = "",
) -> models.Model:
    """Save an institution and its regional offices (a bound, valid inline formset) together, or
    nothing at all when the institution went stale; the revision moves on even if only offices changed."""
    save_edit(instance=institution, expected_revision=expected_revision, actor=actor, reason=reason)
    offices.instance = institution
    for office in offices.save(commit=False):
        office.institution = institution
        record_author(office, actor, reason)
        office.save()
    for office in offices.deleted_objects:
        record_author(office, actor, reason)
        office.delete()
    return institution


@transaction.atomic
def institution_delete(*, institution: models.Model, actor: AbstractBaseUser | None) -> None:
    """Delete an institution with its offices; refused (DeleteRefused) while steps give it duties or
    other institutions are part of it."""
    lock_revision(institution, None)
    duties = list(institution.responsibilities.select_related("step").order_by("step__slug"))
    if duties:
        raise DeleteRefused(
            _("This institution still has duties in the pathway. Remove them from the steps first."), duties
        )
    children = list(institution.children.order_by("slug"))
    if children:
        raise DeleteRefused(
            _("Other institutions are part of this one. Move or delete them first."), children
        )
    for office in institution.offices.all():
        record_author(office, actor)
        office.delete()
    record_author(institution, actor)
    institution.delete()


@transaction.atomic
def legal_reference_delete(*, reference: models.Model, actor: AbstractBaseUser | None) -> None:
    """Delete a legal reference; refused (DeleteRefused) while steps cite it."""
    lock_revision(reference, None)
    steps = list(reference.steps.order_by("slug"))
    if steps:
        raise DeleteRefused(_("Steps still cite this legal reference. Remove it from them first."), steps)
    record_author(reference, actor)
    reference.delete()


@transaction.atomic
def document_delete(*, document: models.Model, actor: AbstractBaseUser | None) -> None:
    """Delete a document or form; refused (DeleteRefused) while steps use it."""
    lock_revision(document, None)
    steps = list(document.steps.order_by("slug"))
    if steps:
        raise DeleteRefused(_("Steps still use this document. Remove it from them first."), steps)
    record_author(document, actor)
    document.delete()


@transaction.atomic
def scenario_delete(*, scenario: models.Model, actor: AbstractBaseUser | None) -> None:
    """Delete a scenario from the working copy; editions already published keep theirs."""
    lock_revision(scenario, None)
    record_author(scenario, actor)
    scenario.delete()


@transaction.atomic
def term_delete(*, term: models.Model, actor: AbstractBaseUser | None) -> None:
    """Delete a glossary term (the reader pages simply stop marking it up)."""
    lock_revision(term, None)
    record_author(term, actor)
    term.delete()
