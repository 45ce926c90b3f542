"""Programme figures for the dashboard and the funder's export: every figure aggregated in SQL.

Definitions (also printed on the export's "Definitions" sheet):
- a person is *trained* once they attended at least one day of a session (an Attendance row);
- *unique* people count each participant once; *repeat* participants attended days of two or more sessions;
- *contact hours* are the sum, over every attended day, of that day's contact hours;
- *region* is the region (област) where the session took place;
- *knowledge gain* is the mean of (post-test − pre-test) in percentage points over registrations
  with both scores.

The number of SQL queries is fixed: each breakdown is one `values().annotate()` query, whatever the
number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, DateField, Exists, F, FloatField, OuterRef, Subquery, Sum
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext as _

from roadmap.editions import latest_edition
from roadmap.models import Institution
from roadmap.regions import Region

from .models import Attendance, Participant, Registration, SessionDay, TrainingSession

SUPPRESS_BELOW = 5


@dataclass
class Row:
    key: str
    label: str
    people: int
    value: float | None = None  # hours, or a mean gain
    extra: dict = field(default_factory=dict)


@dataclass
class StageCoverage:
    slug: str
    title: str
    regions: dict[str, list[date]]  # region code → session start dates
    cells: list[list[date]] = field(default_factory=list)  # aligned with Figures.coverage_regions


@dataclass
class Figures:
    target: int
    trained: int
    unique_registered: int
    repeat: int
    sessions_held: int
    contact_hours: Decimal
    person_hours: Decimal
    by_institution: list[Row]
    by_kind: list[Row]
    by_region: list[Row]
    by_gender: list[Row]
    by_month: list[Row]
    gain_by_session: list[Row]
    gain_by_institution: list[Row]
    gain_overall: float | None
    gain_people: int
    coverage: list[StageCoverage]
    coverage_regions: list[tuple[str, str]]

    @property
    def once(self) -> int:
        return self.trained - self.repeat

    @property
    def target_percent(self) -> int:
        return round(100 * self.trained / self.target) if self.target else 0


def _attended_participants():
    return Participant.objects.filter(registrations__attendances__isnull=False)


def _people(rows, key: str, labels: dict | None = None, *, blank: str) -> list[Row]:
    out = []
    for row in rows:
        code = row[key] or ""
        label = (labels or {}).get(code, code) if code else blank
        out.append(Row(key=code, label=str(label), people=row["people"]))
    return sorted(out, key=lambda r: (-r.people, r.label.casefold()))


def date_range(start: date, end: date) -> str:
    """A session's dates, short: 27–29.03.2024, 30.11–1.12.2026, 30.12.2025–2.01.2026, or one day."""
    if start == end:
        return f"{start.day}.{start:%m.%Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day}.{end:%m.%Y}"
    if start.year == end.year:
        return f"{start.day}.{start:%m}–{end.day}.{end:%m.%Y}"
    return f"{start.day}.{start:%m.%Y}–{end.day}.{end:%m.%Y}"


def session_label(town: str, start: date, end: date) -> str:
    """What tells sessions apart on a chart: the town and the dates (Пловдив, 30.11–1.12.2026)."""
    return f"{town}, {date_range(start, end)}"


def _by_month() -> list[Row]:
    """People trained by month: each person once, in the month of their first attended day, so the months
    add up to the people trained; the participant contact hours of each month are those of the days
    attended in it. Two queries."""
    first_day = (
        Attendance.objects.filter(registration__participant=OuterRef("pk"))
        .order_by("day__date")
        .values("day__date")[:1]
    )
    people = {
        row["month"]: row["people"]
        for row in Participant.objects.annotate(first=Subquery(first_day))
        .filter(first__isnull=False)
        .values(month=TruncMonth("first", output_field=DateField()))
        .annotate(people=Count("pk"))
        .order_by()
    }
    hours = {
        row["month"]: row["hours"]
        for row in Attendance.objects.values(month=TruncMonth("day__date"))
        .annotate(hours=Sum("day__contact_hours"))
        .order_by()
    }
    return [
        Row(
            key=month.strftime("%Y-%m"),
            label=month.strftime("%m.%Y"),
            people=people.get(month, 0),
            value=float(hours.get(month) or 0),
        )
        for month in sorted(set(people) | set(hours))
    ]


def kind_labels() -> dict[str, str]:
    """The roadmap's institution kinds with their labels in the active language."""
    return {str(k): str(v) for k, v in Institution.Kind.choices}


def programme_figures(*, lang: str | None = None) -> Figures:
    """All the dashboard's figures: a fixed number of queries (about 14)."""
    trained_people = (
        Registration.objects.filter(attendances__isnull=False)
        .values("participant")
        .annotate(sessions=Count("session", distinct=True))
    )
    trained = trained_people.count()
    repeat = trained_people.filter(sessions__gte=2).count()
    unique_registered = Registration.objects.values("participant").distinct().count()
    hours = Attendance.objects.aggregate(
        person_hours=Sum("day__contact_hours"),
    )
    attended_day = Exists(Attendance.objects.filter(day=OuterRef("pk")))
    session_hours = SessionDay.objects.filter(attended_day).aggregate(
        h=Sum("contact_hours"), held=Count("session", distinct=True)
    )

    attended = _attended_participants()
    by_institution = _people(
        attended.values("institution_name").annotate(people=Count("pk", distinct=True)),
        "institution_name",
        blank=_("(not stated)"),
    )
    by_kind = _people(
        attended.values("institution_kind").annotate(people=Count("pk", distinct=True)),
        "institution_kind",
        kind_labels(),
        blank=_("(not stated)"),
    )
    by_gender = _people(
        attended.values("gender").annotate(people=Count("pk", distinct=True)),
        "gender",
        dict(Participant.Gender.choices),
        blank=str(Participant.Gender.UNDISCLOSED.label),
    )
    by_region = _people(
        Attendance.objects.values(region=F("registration__session__region")).annotate(
            people=Count("registration__participant", distinct=True)
        ),
        "region",
        dict(Region.choices),
        blank=_("(not stated)"),
    )
    by_month = _by_month()

    scored = Registration.objects.filter(pre_test_score__isnull=False, post_test_score__isnull=False)
    gain = Cast(F("post_test_score"), FloatField()) - Cast(F("pre_test_score"), FloatField())
    overall = scored.aggregate(gain=Avg(gain), people=Count("participant", distinct=True))
    gain_by_session = [
        Row(
            key=str(row["session"]),
            label=session_label(row["session__town"], row["session__start_date"], row["session__end_date"]),
            people=row["people"],
            value=row["gain"],
            extra={"pre": row["pre"], "post": row["post"], "region": row["session__region"]},
        )
        for row in scored.values(
            "session", "session__town", "session__start_date", "session__end_date", "session__region"
        )
        .annotate(
            gain=Avg(gain),
            people=Count("participant", distinct=True),
            pre=Avg("pre_test_score"),
            post=Avg("post_test_score"),
        )
        .order_by("-session__start_date", "session__title")
    ]
    gain_by_institution = sorted(
        (
            Row(
                key=row["participant__institution_name"] or "",
                label=row["participant__institution_name"] or _("(not stated)"),
                people=row["people"],
                value=row["gain"],
            )
            for row in scored.values("participant__institution_name").annotate(
                gain=Avg(gain), people=Count("participant", distinct=True)
            )
        ),
        key=lambda r: (-r.people, r.label.casefold()),
    )

    # Coverage: one row per session that took place (not cancelled), ~hundreds, never per participant.
    edition = latest_edition()
    local = edition.localized(lang or settings.LANGUAGE_CODE) if edition else None
    stage_titles = {stage.slug: stage.title for stage in (local.stages if local else [])}
    stage_order = list(stage_titles)
    coverage: dict[str, StageCoverage] = {}
    regions_seen: set[str] = set()
    for row in (
        TrainingSession.objects.exclude(status=TrainingSession.Status.CANCELLED)
        .values("region", "start_date", "covered_stages")
        .order_by("start_date")
    ):
        for slug in row["covered_stages"] or []:
            if not isinstance(slug, str):
                continue
            item = coverage.setdefault(
                slug, StageCoverage(slug=slug, title=stage_titles.get(slug, slug), regions={})
            )
            item.regions.setdefault(row["region"], []).append(row["start_date"])
            regions_seen.add(row["region"])
    region_labels = dict(Region.choices)
    ordered = sorted(
        coverage.values(),
        key=lambda c: (stage_order.index(c.slug) if c.slug in stage_order else len(stage_order), c.title),
    )
    # stages of the edition that no session covered yet are listed too: the gaps matter
    for slug in stage_order:
        if slug not in coverage:
            ordered.append(StageCoverage(slug=slug, title=stage_titles[slug], regions={}))
    ordered.sort(key=lambda c: stage_order.index(c.slug) if c.slug in stage_order else len(stage_order))

    coverage_regions = sorted(
        ((code, str(region_labels.get(code, code))) for code in regions_seen), key=lambda pair: pair[1]
    )
    for item in ordered:
        item.cells = [item.regions.get(code, []) for code, _label in coverage_regions]

    return Figures(
        target=settings.TRAININGS_TARGET_PEOPLE,
        trained=trained,
        unique_registered=unique_registered,
        repeat=repeat,
        sessions_held=session_hours["held"] or 0,
        contact_hours=session_hours["h"] or Decimal(0),
        person_hours=hours["person_hours"] or Decimal(0),
        by_institution=by_institution,
        by_kind=by_kind,
        by_region=by_region,
        by_gender=by_gender,
        by_month=by_month,
        gain_by_session=gain_by_session,
        gain_by_institution=gain_by_institution,
        gain_overall=overall["gain"],
        gain_people=overall["people"] or 0,
        coverage=ordered,
        coverage_regions=coverage_regions,
    )


def named_participants(*, session: TrainingSession | None = None):
    """Registrations with their participant and attended days, for the named list export (one query)."""
    rows = Registration.objects.select_related("participant", "session").annotate(
        attended_days=Count("attendances", distinct=True)
    )
    if session is not None:
        rows = rows.filter(session=session)
    return rows.order_by("-session__start_date", "session__title", "participant__full_name", "pk")
