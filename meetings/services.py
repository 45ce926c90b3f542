"""Writes to meeting records: meetings, who attended, proposals and decisions, their status, and the
change notes a proposal raises on the roadmap steps it concerns.

Keyword-only, validated with full_clean(), one transaction each: a refusal (a ValidationError naming
the field to blame where there is one) writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from roadmap import services as roadmap_services
from roadmap_site.uploads import DOCX, PDF, UploadRefused, inspect_upload
from trainings.models import Participant
from trainings.services import participant_find_or_create

from .models import STATUS_TRANSITIONS, Meeting, MeetingAttendance, Proposal

MEETING_FIELDS = ("date", "town", "venue", "organiser", "agenda", "minutes")
PROPOSAL_FIELDS = ("kind", "text", "owner_institution", "step_slugs")


def _set_fields(instance, fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def meeting_save(*, meeting: Meeting | None = None, fields: Mapping[str, Any], actor=None) -> Meeting:
    """Create or change a meeting's date, place, organiser, agenda and written minutes."""
    meeting = meeting if meeting is not None else Meeting(created_by=actor)
    _set_fields(meeting, fields, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    return meeting


MINUTES_TYPES = (PDF, DOCX)


@transaction.atomic
def meeting_minutes_upload(*, meeting: Meeting, upload: UploadedFile) -> Meeting:
    """Keep an uploaded PDF or DOCX as the meeting's minutes (replacing an earlier file), after the site's
    upload checks (size, type by content, zip bombs: roadmap_site.uploads); refused with the field 'file'
    named, nothing stored."""
    try:
        checked = inspect_upload(upload, max_bytes=settings.MEETINGS_MAX_UPLOAD_BYTES, allowed=MINUTES_TYPES)
    except UploadRefused as refusal:
        raise ValidationError({"file": refusal.messages}) from refusal
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    old = meeting.minutes_file.name
    meeting.minutes_file.save(f"minutes-{meeting.date:%Y-%m-%d}.{checked.extension}", upload, save=False)
    meeting.minutes_file_type = checked.content_type
    meeting.minutes_file_name = PurePath(upload.name or "").name[:250]
    meeting.save(update_fields=["minutes_file", "minutes_file_type", "minutes_file_name", "updated_at"])
    if old and old != meeting.minutes_file.name:
        storage = meeting.minutes_file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return meeting


@transaction.atomic
def meeting_minutes_remove(*, meeting: Meeting) -> Meeting:
    """Drop the uploaded minutes (the written ones stay)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    old = meeting.minutes_file.name
    meeting.minutes_file, meeting.minutes_file_type, meeting.minutes_file_name = "", "", ""
    meeting.save(update_fields=["minutes_file", "minutes_file_type", "minutes_file_name", "updated_at"])
    if old:
        storage = meeting.minutes_file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return meeting


@dataclass(frozen=True)
class AttendanceAdded:
    attendance: MeetingAttendance
    reused: bool  # the person was already on file (trainings' records)


@transaction.atomic
def attendance_add(
    *, meeting: Meeting, participant: Participant | None = None, person: Mapping[str, Any] | None = None
) -> AttendanceAdded:
    """Record that someone on file, or a new person (found on file by e-mail or name and institution
    when they are), attended the meeting. Refused when they are already recorded."""
    if (participant is None) == (person is None):
        raise TypeError("give either participant or person")
    reused = participant is not None
    if participant is None:
        participant, reused = participant_find_or_create(person=person)
    if MeetingAttendance.objects.filter(meeting=meeting, participant=participant).exists():
        raise ValidationError(_("%(name)s is already recorded at this meeting.") % {"name": participant})
    attendance = MeetingAttendance(meeting=meeting, participant=participant)
    attendance.full_clean()
    attendance.save()
    return AttendanceAdded(attendance=attendance, reused=reused)


@transaction.atomic
def attendance_remove(*, attendance: MeetingAttendance) -> None:
    """Take a person off a meeting's list; their record stays (trainings may use it)."""
    attendance.delete()


@transaction.atomic
def proposal_save(
    *, meeting: Meeting, proposal: Proposal | None = None, fields: Mapping[str, Any]
) -> Proposal:
    """Add a proposal or decision to a meeting, or change its text, kind, owner or steps (not its status:
    proposal_set_status follows the allowed transitions)."""
    proposal = proposal if proposal is not None else Proposal(meeting=meeting)
    if proposal.meeting_id != meeting.pk:
        raise ValidationError(_("The proposal belongs to another meeting."))
    _set_fields(proposal, fields, PROPOSAL_FIELDS)
    proposal.text = (proposal.text or "").strip()
    proposal.step_slugs = list(dict.fromkeys(proposal.step_slugs or []))
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_set_status(*, proposal: Proposal, status: str) -> Proposal:
    """Move a proposal to `status`: one step forward (proposed → agreed → done) or one back."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if status not in STATUS_TRANSITIONS.get(proposal.status, ()):
        raise ValidationError(
            {
                "status": _("A proposal that is %(current)s cannot become %(wanted)s.")
                % {
                    "current": proposal.get_status_display(),
                    "wanted": dict(Proposal.Status.choices).get(status, status),
                }
            }
        )
    proposal.status = status
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


def proposal_raise_change_notes(
    *, proposal: Proposal, origin_label: str, origin_url: str, actor=None
) -> roadmap_services.ChangeNotesRaised:
    """Turn a proposal into a change note for the coordinators on each roadmap step it concerns (through
    the roadmap's own service; a step that has one from this proposal already keeps it)."""
    if not proposal.step_slugs:
        raise ValidationError(_("The proposal names no roadmap step: add the steps it concerns first."))
    return roadmap_services.change_notes_raise(
        step_slugs=proposal.step_slugs,
        text=proposal.text,
        origin_label=origin_label,
        origin_url=origin_url,
        origin_key=proposal.change_note_key,
        actor=actor,
    )
