"""Writes to a session's handouts: roadmap PDFs and uploaded files, in order (pages: print_views.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .models import Handout, TrainingSession


def _next_handout_position(session: TrainingSession) -> int:
    return (Handout.objects.filter(session=session).aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def handout_add_roadmap(*, session: TrainingSession, kind: str, slug: str = "") -> Handout:
    """Add a roadmap PDF (scenario, institution or the handbook) to the session's handouts, last."""
    if kind == Handout.Kind.UPLOAD:
        raise ValidationError({"kind": _("Upload a file for this kind of handout.")})
    handout = Handout(
        session=session,
        kind=kind,
        roadmap_slug="" if kind == Handout.Kind.HANDBOOK else slug,
        position=_next_handout_position(session),
    )
    handout.full_clean()
    handout.save()
    return handout


@transaction.atomic
def handout_add_upload(*, session: TrainingSession, title: str, file) -> Handout:
    """Store an uploaded file (already checked for type and size by the form) as the last handout."""
    handout = Handout(
        session=session,
        kind=Handout.Kind.UPLOAD,
        title=title.strip(),
        position=_next_handout_position(session),
    )
    handout.file.save(file.name, file, save=False)
    try:
        handout.full_clean()
        handout.save()
    except Exception:
        handout.file.delete(save=False)
        raise
    return handout


@transaction.atomic
def handout_delete(*, handout: Handout) -> None:
    """Remove a handout (and its uploaded file, once the transaction commits)."""
    stored = handout.file.name if handout.file else ""
    storage = handout.file.storage
    handout.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
