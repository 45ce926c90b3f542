"""The demo consultative meetings (fixtures/meetings/meetings.yaml): Русе and Хасково, with people who
also came to the demo trainings (the same records), new fictional people, and proposals in every status
linked to steps of the demo roadmap, one of each meeting turned into a change note for coordinators."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from roadmap.editions import latest_edition
from trainings.models import Participant

from . import services
from .models import Meeting, MeetingAttendance, Proposal


@dataclass(frozen=True)
class DemoMeetings:
    meetings: int
    participants: int
    proposals: int
    change_notes: int


def _institution_name(slug: str, edition) -> str:
    institution = edition.institutions.get(slug) if edition else None
    return institution.name if institution else slug


@transaction.atomic
def demo_meetings_load(*, path: str | Path | None = None) -> DemoMeetings | None:
    """Load the demo meetings; does nothing (None) when any meeting exists."""
    if Meeting.objects.exists():
        return None
    source = Path(path or settings.BASE_DIR / "fixtures" / "meetings" / "meetings.yaml")
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    published = latest_edition()
    edition = published.localized("bg") if published else None
    notes = 0
    for item in data["meetings"]:
        meeting = services.meeting_save(
            fields={name: item[name] for name in ("date", "town", "venue", "organiser", "agenda", "minutes")}
        )
        for slug, count in item.get("trained", {}).items():
            trained = Participant.objects.filter(
                institution_slug=slug, region=item["region"], pseudonymised_at__isnull=True
            ).order_by("pk")[:count]
            for participant in trained:
                services.attendance_add(meeting=meeting, participant=participant)
        for person in item.get("people", []):
            services.attendance_add(
                meeting=meeting,
                person={
                    "full_name": person["full_name"],
                    "institution_slug": person["institution_slug"],
                    "institution_name": person.get("institution_name")
                    or _institution_name(person["institution_slug"], edition),
                    "position": person.get("position", ""),
                    "region": item["region"],
                    "consent_date": item["date"] - datetime.timedelta(days=7),
                },
            )
        for entry in item.get("proposals", []):
            proposal = services.proposal_save(
                meeting=meeting,
                fields={
                    "kind": entry["kind"],
                    "text": entry["text"],
                    "owner_institution": entry["owner"],
                    "step_slugs": entry.get("steps", []),
                },
            )
            if entry.get("status", "proposed") != "proposed":
                services.proposal_set_status(proposal=proposal, status=Proposal.Status.AGREED)
            if entry.get("status") == "done":
                services.proposal_set_status(proposal=proposal, status=Proposal.Status.DONE)
            if entry.get("change_note"):
                with translation.override("bg"):
                    raised = services.proposal_raise_change_notes(
                        proposal=proposal,
                        origin_label=f"Консултативна среща, {meeting.town}, {meeting.date:%d.%m.%Y}",
                        origin_url=reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk})
                        + f"#proposal-{proposal.pk}",
                    )
                notes += len(raised.created)
    return DemoMeetings(
        meetings=Meeting.objects.count(),
        participants=MeetingAttendance.objects.values("participant").distinct().count(),
        proposals=Proposal.objects.count(),
        change_notes=notes,
    )
