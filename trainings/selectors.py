"""Reads for the trainers' pages: a fixed number of queries whatever the number of participants."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from roadmap.editions import latest_edition
from roadmap.projection import EditionInLanguage

from .models import Attendance, Participant, Registration, SessionDay, TrainingSession

PAGE_SIZE = 50


def session_list(
    *, region: str = "", status: str = "", year: int | None = None, when: str = ""
) -> QuerySet[TrainingSession]:
    """Sessions (newest first) with `registered` and `attended` (at least one day) counts: one query."""
    sessions = TrainingSession.objects.annotate(
        registered=Count("registrations", distinct=True),
        attended=Count("registrations", filter=Q(registrations__attendances__isnull=False), distinct=True),
    ).order_by("-start_date", "title", "pk")  # explicit: Meta.ordering is dropped from GROUP BY queries
    if region:
        sessions = sessions.filter(region=region)
    if status:
        sessions = sessions.filter(status=status)
    if year:
        sessions = sessions.filter(start_date__year=year)
    today = timezone.localdate()
    if when == "upcoming":
        sessions = sessions.filter(end_date__gte=today).order_by("start_date", "title", "pk")
    elif when == "past":
        sessions = sessions.filter(end_date__lt=today)
    return sessions


def trainer_accounts() -> QuerySet:
    """Active accounts that may run trainings (directly, through a group, or as superusers), by username."""
    permission = Permission.objects.filter(codename="run_trainings", content_type__app_label="trainings")
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def session_years() -> list[int]:
    return sorted({d.year for d in TrainingSession.objects.dates("start_date", "year")}, reverse=True)


@dataclass
class SheetRow:
    registration: Registration
    participant: Participant
    present: list[bool]

    @property
    def days_present(self) -> int:
        return sum(self.present)


@dataclass
class SessionSheet:
    session: TrainingSession
    days: list[SessionDay]
    rows: list[SheetRow]
    organisers: list[Any] = field(default_factory=list)

    @property
    def registered(self) -> int:
        return len(self.rows)

    @property
    def places_left(self) -> int:
        return max(self.session.capacity - self.registered, 0)

    @property
    def capacity_percent(self) -> int:
        return min(round(100 * self.registered / self.session.capacity), 100) if self.session.capacity else 0

    @property
    def present_per_day(self) -> list[int]:
        return [sum(row.present[i] for row in self.rows) for i in range(len(self.days))]

    @property
    def days_required(self) -> int:
        return self.session.days_required or len(self.days)


def session_sheet(*, session: TrainingSession) -> SessionSheet:
    """The session's days, its registrations with participants and a present/absent flag per day, and its
    organisers (4 queries)."""
    days = list(SessionDay.objects.filter(session=session).order_by("date"))
    registrations = list(Registration.objects.filter(session=session).in_name_order())
    present = set(Attendance.objects.filter(day__session=session).values_list("registration_id", "day_id"))
    organisers = list(session.organisers.order_by("username"))
    rows = [
        SheetRow(registration=r, participant=r.participant, present=[(r.pk, d.pk) in present for d in days])
        for r in registrations
    ]
    return SessionSheet(session=session, days=days, rows=rows, organisers=organisers)


def session_day(*, session: TrainingSession, date: str) -> tuple[SessionDay | None, list[SessionDay]]:
    """The session's day for an ISO date from a URL (None when the session has no such day, or the text is
    no date), and all its days in date order (1 query)."""
    days = list(SessionDay.objects.filter(session=session).order_by("date"))
    try:
        wanted = datetime.date.fromisoformat(date)
    except ValueError:
        return None, days
    return next((day for day in days if day.date == wanted), None), days


def session_edition(session: TrainingSession) -> EditionInLanguage | None:
    """The latest edition of the roadmap in the session's language; None before the first one."""
    edition = latest_edition()
    return edition.localized(session.language) if edition else None


def session_roadmap_labels(
    *, session: TrainingSession, edition: EditionInLanguage | None
) -> dict[str, list[str]]:
    """The names of the session's target institutions and the numbered titles of the stages and steps it
    covered, from `edition`; a slug the edition does not have is shown as it is."""
    if edition is None:
        return {
            "target_institutions": list(session.target_institutions),
            "covered_stages": list(session.covered_stages),
            "covered_steps": list(session.covered_steps),
        }
    stages = {stage.slug: f"{stage.position}. {stage.title}" for stage in edition.stages}
    steps = {slug: f"{step.number} {step.title}" for slug, step in edition.steps.items()}
    return {
        "target_institutions": [
            edition.institutions[slug].name if slug in edition.institutions else slug
            for slug in session.target_institutions
        ],
        "covered_stages": [stages.get(slug, slug) for slug in session.covered_stages],
        "covered_steps": [steps.get(slug, slug) for slug in session.covered_steps],
    }


@dataclass
class TickRow:
    registration: Registration
    participant: Participant
    ticked: bool


def attendance_ticks(*, day: SessionDay) -> list[TickRow]:
    """Everyone registered for the day's session, ticked when present that day (2 queries)."""
    present = set(Attendance.objects.filter(day=day).values_list("registration_id", flat=True))
    registrations = Registration.objects.filter(session_id=day.session_id).in_name_order()
    return [TickRow(registration=r, participant=r.participant, ticked=r.pk in present) for r in registrations]


def session_registrations(*, session: TrainingSession) -> list[Registration]:
    return list(Registration.objects.filter(session=session).in_name_order())


def participant_search(*, query: str = "", page: int | str = 1) -> Page:
    """Participants matching a name, institution or e-mail (any case), with their number of sessions,
    one page at a time (2 queries)."""
    people = Participant.objects.annotate(session_count=Count("registrations")).order_by("full_name", "pk")
    for word in query.split():
        people = people.filter(
            Q(full_name__icontains=word)
            | Q(institution_name__icontains=word)
            | Q(email__icontains=word)
            | Q(institution_slug__iexact=word)
        )
    return Paginator(people, PAGE_SIZE).get_page(page)


def participant_choices(*, query: str, limit: int = 20) -> list[Participant]:
    """A short list of people for a search box (1 query)."""
    if not query.strip():
        return []
    return list(participant_search(query=query).object_list[:limit])


@dataclass
class ParticipantHistoryRow:
    registration: Registration
    session: TrainingSession
    days_present: int
    day_count: int


def participant_history(*, participant: Participant) -> list[ParticipantHistoryRow]:
    """The sessions a person was registered for, with the days they were present (1 query)."""
    registrations = (
        Registration.objects.filter(participant=participant)
        .select_related("session")
        .annotate(
            days_present=Count("attendances", distinct=True), day_count=Count("session__days", distinct=True)
        )
        .order_by("-session__start_date")
    )
    return [
        ParticipantHistoryRow(
            registration=r, session=r.session, days_present=r.days_present, day_count=r.day_count
        )
        for r in registrations
    ]
