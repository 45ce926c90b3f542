"""Reads for the meeting pages and the programme dashboard; each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from roadmap.models import StepChangeNote
from roadmap_site.dashboard import DashboardPanel

from .models import Meeting, MeetingAttendance, Proposal
from .permissions import can_keep_meetings

PAGE_SIZE = 25


def meeting_list() -> QuerySet[Meeting]:
    """Meetings, latest first, with how many people came and how many proposals they made (1 query)."""
    return Meeting.objects.annotate(
        participant_count=Count("attendances", distinct=True),
        proposal_count=Count("proposals", distinct=True),
    ).order_by("-date", "town", "pk")


@dataclass
class InstitutionGroup:
    institution: str
    attendances: list[MeetingAttendance]


def attendance_by_institution(*, meeting: Meeting) -> list[InstitutionGroup]:
    """Who came, grouped by their institution as recorded on their person record (1 query)."""
    rows = sorted(
        MeetingAttendance.objects.filter(meeting=meeting).select_related("participant"),
        key=lambda a: (a.participant.institution_name.casefold(), a.participant.full_name.casefold(), a.pk),
    )
    return [
        InstitutionGroup(institution=name, attendances=list(group))
        for name, group in groupby(rows, key=lambda a: a.participant.institution_name)
    ]


@dataclass
class ProposalRow:
    proposal: Proposal
    owner: str
    steps: list[tuple[str, str]]  # (slug, label)
    notes: list[tuple[str, StepChangeNote]] = field(default_factory=list)  # (step label, note)


def proposal_rows(*, meeting: Meeting, edition) -> list[ProposalRow]:
    """The meeting's proposals with their owner's name and their steps' titles from `edition` (a slug the
    edition lacks is shown as it is), and the change notes each raised (2 queries)."""
    proposals = list(Proposal.objects.filter(meeting=meeting).order_by("pk"))
    keys = [p.change_note_key for p in proposals]
    notes: dict[str, list[StepChangeNote]] = {}
    for note in StepChangeNote.objects.filter(origin_key__in=keys).order_by("step_slug") if keys else []:
        notes.setdefault(note.origin_key, []).append(note)
    return [
        ProposalRow(
            proposal=p,
            owner=institution_label(edition, p.owner_institution),
            steps=[(slug, step_label(edition, slug)) for slug in p.step_slugs],
            notes=[(step_label(edition, n.step_slug), n) for n in notes.get(p.change_note_key, [])],
        )
        for p in proposals
    ]


def institution_label(edition, slug: str) -> str:
    institution = edition.institutions.get(slug) if edition else None
    if institution is None:
        return slug
    return f"{institution.name} ({institution.acronym})" if institution.acronym else institution.name


def step_label(edition, slug: str) -> str:
    step = edition.steps.get(slug) if edition else None
    return f"{step.number} {step.title}" if step else slug


@dataclass(frozen=True)
class MeetingFigures:
    held: int
    planned: int
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    proposals: int


def meeting_figures() -> MeetingFigures:
    """Meetings held (and planned), and proposals by status, for the programme dashboard (2 queries)."""
    today = timezone.localdate()
    counts = Meeting.objects.aggregate(held=Count("pk", filter=Q(date__lte=today)), total=Count("pk"))
    by_status = dict(Proposal.objects.values_list("status").annotate(n=Count("pk")).order_by())
    rows = [(value, label, by_status.get(value, 0)) for value, label in Proposal.Status.choices]
    return MeetingFigures(
        held=counts["held"],
        planned=counts["total"] - counts["held"],
        by_status=rows,
        proposals=sum(n for _value, _label, n in rows),
    )


def dashboard_panel(request: HttpRequest) -> DashboardPanel | None:
    """The meetings' counts on the programme dashboard, for those who may see meetings."""
    if not can_keep_meetings(request.user):
        return None
    return DashboardPanel(
        template="meetings/includes/_dashboard.html", context={"figures": meeting_figures()}
    )
