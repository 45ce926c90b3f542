"""The deadline calculator: when a step's deadline falls, counted from the moment its start event happened.

All times are shown in Europe/Sofia; a naive datetime is read as Sofia local time. Working days are
Monday–Friday minus Bulgarian public holidays as given by the `holidays` library, which also knows
the movable Orthodox Easter and the days off transferred from holidays falling on a weekend
(Кодекс на труда чл. 154 ал. 2, marked "observed" by the library since 2017; not for Holy Saturday
and Easter Sunday, which Easter Monday already covers) and the extra days off the Council of Ministers
declares (e.g. 31 Dec 2025, 2 Jan 2026). It does not list Saturdays declared working days to make up
for such extra days off: those count as non-working here.

Pure functions only: no models, no database.
"""

from __future__ import annotations

import calendar
import functools
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

import holidays
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from roadmap.published import Deadline

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
MAX_INPUT_LENGTH = 40
MIN_YEAR = 2000
MAX_YEARS_AHEAD = 2
_INPUT_RE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)?"
)


@functools.lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    """Bulgarian public holidays of `year`, including transferred (observed) and special days off."""
    return frozenset(holidays.country_holidays("BG", years=year).keys())


def _in_sofia(value: datetime) -> datetime:
    """`value` as an aware Europe/Sofia datetime (naive = Sofia local; a time skipped by DST moves on)."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=SOFIA)
    return value.astimezone(UTC).astimezone(SOFIA)


def _at_clock(day: date, clock: time) -> datetime:
    """The Sofia moment on `day` at wall-clock `clock` (first occurrence if repeated, later if skipped)."""
    return _in_sofia(datetime.combine(day, clock.replace(tzinfo=None, fold=0), tzinfo=SOFIA))


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a Bulgarian public holiday or transferred day off."""
    if isinstance(day, datetime):
        day = _in_sofia(day).date()
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """`days` working days after `start`, due at the same clock time: Fri 10:00 + 3 = Wed 10:00 (Sofia)."""
    # Convention: the start day never counts (working day or not, whatever the hour); each following
    # working day counts one, and the deadline falls on the last of them at the start's clock time,
    # not at the end of that day. `days == 0` gives `start` itself.
    if days < 0:
        raise ValueError("days must not be negative")
    local = _in_sofia(start)
    day = local.date()
    if days > (date.max - day).days:
        raise OverflowError("the deadline is beyond the calendar")
    if days == 0:
        return local
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return _at_clock(day, local.time())


def add_months(start: datetime, months: int) -> datetime:
    """`start` plus calendar months, same Sofia clock time, clamped to month end (31 Jan + 1 = 28/29 Feb)."""
    local = _in_sofia(start)
    year, month_index = divmod(local.year * 12 + (local.month - 1) + months, 12)
    month = month_index + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return _at_clock(date(year, month, day), local.time())


def next_working_day(moment: datetime) -> datetime:
    """`moment` moved to the same clock time of the next working day when it falls on a weekend or a
    public holiday (a period of days, weeks or months ends on a working day: Regulation 1182/71 art. 3(4)
    for EU time limits, and the general rule of Bulgarian procedural law)."""
    day = moment.date()
    while not is_working_day(day):
        day += timedelta(days=1)
    return moment if day == moment.date() else _at_clock(day, moment.time())


def due_at(start_at: datetime, deadline: Deadline | None) -> datetime | None:
    """When `deadline` falls counted from its start event at `start_at`, in Sofia time; None if there is
    none to compute."""
    if deadline is None or not deadline.unit:
        return None
    start = _in_sofia(start_at)
    if deadline.unit == "immediately":
        return start
    amount = deadline.amount
    if amount is None:
        return None
    try:
        if deadline.unit == "hours":
            # Real elapsed time: across a DST switch the wall clock shows one hour more or less.
            return (start.astimezone(UTC) + timedelta(hours=amount)).astimezone(SOFIA)
        if deadline.unit == "days":
            return next_working_day(_at_clock(start.date() + timedelta(days=amount), start.time()))
        if deadline.unit == "weeks":
            return next_working_day(_at_clock(start.date() + timedelta(weeks=amount), start.time()))
        if deadline.unit == "working_days":
            return add_working_days(start, amount)
        if deadline.unit == "months":
            return next_working_day(add_months(start, amount))
    except (OverflowError, ValueError):
        # An amount so large that the date falls outside the calendar (beyond year 9999).
        return None
    return None


@dataclass(frozen=True)
class DueDate:
    """A computed deadline: when it falls, whether it has already passed, and the rule it came from.

    A step due "immediately" is due from the moment its start event happened: it is never called
    overdue (that would be true a minute later of every such step), it is urgent since then."""

    at: datetime
    overdue: bool
    deadline: Deadline

    @property
    def immediate(self) -> bool:
        return self.deadline.unit == "immediately"


def due_date(start_at: datetime, deadline: Deadline | None, *, now: datetime) -> DueDate | None:
    """The due date of `deadline` counted from its start event at `start_at`, overdue when it is before
    `now` (never for "immediately": see DueDate)."""
    at = due_at(start_at, deadline)
    if at is None or deadline is None:
        return None
    return DueDate(at=at, overdue=at < _in_sofia(now) and deadline.unit != "immediately", deadline=deadline)


def parse_identified_at(value: str, *, now: datetime | None = None) -> datetime | None:
    """`YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD` (00:00) → aware Sofia datetime; "" → None; else ValueError."""
    if len(value) > MAX_INPUT_LENGTH:
        raise ValueError(_("The date is too long: at most %(max)d characters.") % {"max": MAX_INPUT_LENGTH})
    value = value.strip()
    if not value:
        return None
    match = _INPUT_RE.fullmatch(value)
    if match is None:
        raise ValueError(_("Enter the date as YYYY-MM-DD, or the date and time as YYYY-MM-DDTHH:MM."))
    parts = {key: int(number) for key, number in match.groupdict(default="0").items()}
    if parts["year"] < MIN_YEAR:
        raise ValueError(_("The date must be in the year %(year)d or later.") % {"year": MIN_YEAR})
    try:
        naive = datetime(**parts)  # noqa: DTZ001 (a wall-clock time in Sofia, localised just below)
    except ValueError:
        raise ValueError(_("%(value)s is not a real date and time.") % {"value": value}) from None
    moment = _in_sofia(naive)
    limit = add_months(timezone.now() if now is None else now, 12 * MAX_YEARS_AHEAD)
    if moment > limit:
        raise ValueError(
            ngettext(
                "The date cannot be more than %(years)d year in the future.",
                "The date cannot be more than %(years)d years in the future.",
                MAX_YEARS_AHEAD,
            )
            % {"years": MAX_YEARS_AHEAD}
        )
    return moment


def sofia_day(value: datetime) -> date:
    """The calendar day of `value` in Sofia."""
    return _in_sofia(value).date()


def format_identified_at(value: datetime) -> str:
    """`value` as `YYYY-MM-DDTHH:MM` in Sofia time, the form `parse_identified_at` reads (for URLs)."""
    local = _in_sofia(value)
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{local.minute:02d}"
