"""Change notes on steps: raised by other apps through this service (the roadmap never imports them),
handled by coordinators on the step's edit page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Step, StepChangeNote


@dataclass(frozen=True)
class ChangeNotesRaised:
    created: list[StepChangeNote]
    already: list[str]  # step slugs that had a note from this origin already
    unknown: list[str]  # step slugs not in the working copy


@transaction.atomic
def change_notes_raise(
    *,
    step_slugs: Iterable[str],
    text: str,
    origin_label: str,
    origin_url: str = "",
    origin_key: str = "",
    actor=None,
) -> ChangeNotesRaised:
    """One open note for each step of the working copy named in `step_slugs`; a step that already has a
    note from the same origin (origin_key) keeps it. Refused when no step is given or the text is empty."""
    slugs = list(dict.fromkeys(slug for slug in step_slugs if slug))
    if not slugs:
        raise ValidationError(_("Name at least one roadmap step for the change note."))
    if not (text or "").strip():
        raise ValidationError({"text": _("A change note needs a text.")})
    known = set(Step.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    existing = (
        set(
            StepChangeNote.objects.filter(origin_key=origin_key, step_slug__in=slugs).values_list(
                "step_slug", flat=True
            )
        )
        if origin_key
        else set()
    )
    created = []
    for slug in slugs:
        if slug not in known or slug in existing:
            continue
        note = StepChangeNote(
            step_slug=slug,
            text=text.strip(),
            origin_label=origin_label[:300],
            origin_url=origin_url[:500],
            origin_key=origin_key,
            created_by=actor,
        )
        note.full_clean()
        note.save()
        created.append(note)
    return ChangeNotesRaised(
        created=created,
        already=[slug for slug in slugs if slug in existing and slug in known],
        unknown=[slug for slug in slugs if slug not in known],
    )


@transaction.atomic
def change_note_set_handled(*, note: StepChangeNote, handled: bool = True, actor=None) -> StepChangeNote:
    """Mark a note handled (who, when), or open it again."""
    note = StepChangeNote.objects.select_for_update().get(pk=note.pk)
    if handled:
        note.status, note.handled_at, note.handled_by = StepChangeNote.Status.HANDLED, timezone.now(), actor
    else:
        note.status, note.handled_at, note.handled_by = StepChangeNote.Status.OPEN, None, None
    note.save(update_fields=["status", "handled_at", "handled_by"])
    return note


def change_notes_of_origin(*, origin_key: str) -> list[StepChangeNote]:
    """The notes raised by one origin, e.g. to show them beside it (1 query)."""
    return list(StepChangeNote.objects.filter(origin_key=origin_key).order_by("step_slug"))
