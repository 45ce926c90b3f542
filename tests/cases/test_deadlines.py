"""The deadline calculator: working days with Bulgarian holidays, DST, months, and the date parser."""

from datetime import UTC, date, datetime, timedelta

import pytest

from cases.deadlines import (
    SOFIA,
    DueDate,
    add_months,
    add_working_days,
    due_at,
    due_date,
    format_identified_at,
    is_working_day,
    parse_identified_at,
)
from roadmap.published import Deadline


def sofia(*args: int) -> datetime:
    return datetime(*args, tzinfo=SOFIA)


def deadline(unit: str, amount: int | None = None) -> Deadline:
    return Deadline(unit=unit, amount=amount, event="", note="", label="")


# --- working days -------------------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 1, 16))  # Friday
    assert not is_working_day(date(2026, 1, 17))  # Saturday
    assert not is_working_day(date(2026, 1, 18))  # Sunday
    assert is_working_day(date(2026, 1, 19))  # Monday


def test_three_working_days_from_friday_is_wednesday_same_clock_time():
    assert add_working_days(sofia(2026, 1, 16, 10, 0), 3) == sofia(2026, 1, 21, 10, 0)


def test_start_day_never_counts_even_on_a_weekend():
    assert add_working_days(sofia(2026, 1, 17, 10, 0), 1) == sofia(2026, 1, 19, 10, 0)
    assert add_working_days(sofia(2026, 1, 19, 23, 59), 1) == sofia(2026, 1, 20, 23, 59)


def test_zero_working_days_is_the_start_and_negative_is_refused():
    assert add_working_days(sofia(2026, 1, 17, 10, 0), 0) == sofia(2026, 1, 17, 10, 0)
    with pytest.raises(ValueError):
        add_working_days(sofia(2026, 1, 17, 10, 0), -1)


def test_liberation_day_on_a_weekday_is_a_holiday():
    assert not is_working_day(date(2025, 3, 3))  # Monday
    assert not is_working_day(date(2026, 3, 3))  # Tuesday
    # Friday 28 February 2025 + 3 working days skips Monday 3 March.
    assert add_working_days(sofia(2025, 2, 28, 10, 0), 3) == sofia(2025, 3, 6, 10, 0)
    assert add_working_days(sofia(2026, 3, 2, 9, 30), 1) == sofia(2026, 3, 4, 9, 30)


def test_liberation_day_on_a_weekend_moves_the_day_off_to_monday():
    # КТ чл. 154 ал. 2: 3 March 2024 was a Sunday, 3 March 2029 is a Saturday.
    assert date(2024, 3, 3).weekday() == 6
    assert not is_working_day(date(2024, 3, 4))
    assert is_working_day(date(2024, 3, 5))
    assert add_working_days(sofia(2024, 3, 1, 10, 0), 1) == sofia(2024, 3, 5, 10, 0)
    assert date(2029, 3, 3).weekday() == 5
    assert not is_working_day(date(2029, 3, 5))
    assert is_working_day(date(2029, 3, 6))


def test_orthodox_easter_2026():
    # Easter Sunday 12 April 2026: Good Friday 10 April and Easter Monday 13 April are days off.
    assert not is_working_day(date(2026, 4, 10))
    assert not is_working_day(date(2026, 4, 13))
    assert is_working_day(date(2026, 4, 9))
    assert is_working_day(date(2026, 4, 14))
    # Thu 9 Apr + 6: Tue 14, Wed 15, Thu 16, Fri 17, Mon 20, Tue 21.
    assert add_working_days(sofia(2026, 4, 9, 10, 0), 6) == sofia(2026, 4, 21, 10, 0)


def test_easter_moves_every_year():
    # Orthodox Easter 2025 was 20 April: Good Friday 18 April was off, while Friday 17 April 2026 is not.
    assert not is_working_day(date(2025, 4, 18))
    assert not is_working_day(date(2025, 4, 21))
    assert is_working_day(date(2026, 4, 17))


def test_christmas_eve_is_a_holiday():
    assert not is_working_day(date(2025, 12, 24))  # Wednesday
    assert not is_working_day(date(2026, 12, 24))  # Thursday
    assert is_working_day(date(2026, 12, 23))


def test_christmas_on_a_saturday_moves_the_day_off_to_monday():
    # 2026: 24 Thu, 25 Fri, 26 Sat → Monday 28 December is off.
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert add_working_days(sofia(2026, 12, 23, 10, 0), 1) == sofia(2026, 12, 29, 10, 0)


def test_new_year_across_the_year_boundary():
    assert not is_working_day(date(2027, 1, 1))  # Friday
    assert add_working_days(sofia(2026, 12, 31, 10, 0), 1) == sofia(2027, 1, 4, 10, 0)


def test_christmas_and_new_year_2025_with_the_extra_days_off():
    # 24–26 Dec holidays; 31 Dec 2025 and 2 Jan 2026 declared non-working days (РМС 808/2025); 1 Jan.
    assert not is_working_day(date(2025, 12, 31))
    assert not is_working_day(date(2026, 1, 2))
    # Tue 23 Dec + 3: Mon 29, Tue 30, Mon 5 January.
    assert add_working_days(sofia(2025, 12, 23, 10, 0), 3) == sofia(2026, 1, 5, 10, 0)


# --- due_at by unit -----------------------------------------------------------------------------


def test_no_deadline_gives_none():
    assert due_at(sofia(2026, 1, 16, 10, 0), None) is None
    assert due_at(sofia(2026, 1, 16, 10, 0), deadline("")) is None
    assert due_at(sofia(2026, 1, 16, 10, 0), deadline("hours", None)) is None


def test_immediately_is_the_moment_of_identification():
    assert due_at(sofia(2026, 1, 16, 10, 15), deadline("immediately")) == sofia(2026, 1, 16, 10, 15)


def test_hours_across_spring_dst_switch_is_real_elapsed_time():
    # 29 March 2026 03:00 EET → 04:00 EEST: 48 real hours later the clock shows one hour more.
    result = due_at(sofia(2026, 3, 28, 12, 0), deadline("hours", 48))
    assert result == sofia(2026, 3, 30, 13, 0)
    assert (result.hour, result.utcoffset()) == (13, timedelta(hours=3))
    # (Python subtracts two datetimes sharing a tzinfo by wall clock, so compare in UTC.)
    assert result.astimezone(UTC) - sofia(2026, 3, 28, 12, 0).astimezone(UTC) == timedelta(hours=48)


def test_hours_across_autumn_dst_switch_is_real_elapsed_time():
    # 25 October 2026 04:00 EEST → 03:00 EET: 48 real hours later the clock shows one hour less.
    result = due_at(sofia(2026, 10, 24, 12, 0), deadline("hours", 48))
    assert result == sofia(2026, 10, 26, 11, 0)
    assert (result.hour, result.utcoffset()) == (11, timedelta(hours=2))


def test_hours_without_dst_switch():
    assert due_at(sofia(2026, 1, 16, 22, 0), deadline("hours", 24)) == sofia(2026, 1, 17, 22, 0)


def test_calendar_days_keep_the_clock_time_across_dst():
    assert due_at(sofia(2026, 3, 27, 12, 0), deadline("days", 7)) == sofia(2026, 4, 3, 12, 0)
    assert due_at(sofia(2026, 3, 28, 12, 0), deadline("days", 2)).hour == 12


def test_a_period_of_days_weeks_or_months_ending_on_a_day_off_ends_on_the_next_working_day():
    # Regulation 1182/71 art. 3(4) for EU time limits; the same rule for Bulgarian procedural deadlines.
    assert due_at(sofia(2026, 3, 28, 12, 0), deadline("days", 7)) == sofia(2026, 4, 6, 12, 0)  # Sat → Mon
    assert due_at(sofia(2026, 2, 24, 9, 0), deadline("days", 7)) == sofia(
        2026, 3, 4, 9, 0
    )  # 3 March → 4 March
    assert due_at(sofia(2026, 9, 20, 9, 0), deadline("weeks", 2)) == sofia(2026, 10, 5, 9, 0)  # Sun → Mon
    assert due_at(sofia(2026, 5, 2, 9, 0), deadline("months", 2)) == sofia(2026, 7, 2, 9, 0)  # a Thursday
    assert due_at(sofia(2026, 2, 1, 9, 0), deadline("months", 1)) == sofia(
        2026, 3, 2, 9, 0
    )  # Sun 1 March → Mon


def test_hours_are_not_moved_off_a_day_off():
    assert due_at(sofia(2026, 3, 27, 12, 0), deadline("hours", 24)) == sofia(2026, 3, 28, 12, 0)


def test_calendar_days_count_weekends_and_holidays():
    assert due_at(sofia(2026, 4, 9, 10, 0), deadline("days", 7)) == sofia(2026, 4, 16, 10, 0)


def test_working_days_through_due_at():
    assert due_at(sofia(2026, 4, 9, 10, 0), deadline("working_days", 6)) == sofia(2026, 4, 21, 10, 0)


def test_months_clamp_to_the_end_of_the_month():
    assert add_months(sofia(2026, 1, 31, 10, 0), 1) == sofia(2026, 2, 28, 10, 0)
    assert add_months(sofia(2028, 1, 31, 10, 0), 1) == sofia(2028, 2, 29, 10, 0)
    assert add_months(sofia(2026, 8, 31, 10, 0), 6) == sofia(2027, 2, 28, 10, 0)
    assert add_months(sofia(2026, 3, 31, 10, 0), 1) == sofia(2026, 4, 30, 10, 0)


def test_months_across_the_year_and_dst_keep_the_clock_time():
    assert add_months(sofia(2026, 11, 15, 9, 0), 3) == sofia(2027, 2, 15, 9, 0)
    assert add_months(sofia(2026, 3, 15, 10, 0), 1) == sofia(2026, 4, 15, 10, 0)
    assert due_at(sofia(2026, 3, 15, 10, 0), deadline("months", 9)) == sofia(2026, 12, 15, 10, 0)


def test_naive_datetime_is_sofia_time_and_other_zones_are_converted():
    naive = datetime(2026, 1, 16, 10, 0)  # noqa: DTZ001 (what this test is about)
    assert due_at(naive, deadline("immediately")) == sofia(2026, 1, 16, 10, 0)
    # 08:00 UTC on Friday 16 January is 10:00 in Sofia.
    result = due_at(datetime(2026, 1, 16, 8, 0, tzinfo=UTC), deadline("working_days", 3))
    assert result == sofia(2026, 1, 21, 10, 0)
    assert result.tzinfo == SOFIA


def test_absurd_amount_gives_none_not_a_crash():
    assert due_at(sofia(2026, 1, 16, 10, 0), deadline("months", 10**9)) is None
    assert due_at(sofia(2026, 1, 16, 10, 0), deadline("working_days", 10**9)) is None


# --- overdue ------------------------------------------------------------------------------------


def test_overdue_flag():
    rule = deadline("hours", 24)
    identified = sofia(2026, 1, 16, 10, 0)
    late = due_date(identified, rule, now=sofia(2026, 1, 17, 10, 1))
    assert late == DueDate(at=sofia(2026, 1, 17, 10, 0), overdue=True, deadline=rule)
    assert due_date(identified, rule, now=sofia(2026, 1, 17, 9, 59)).overdue is False
    assert due_date(identified, rule, now=sofia(2026, 1, 17, 10, 0)).overdue is False


def test_due_date_without_deadline_is_none():
    assert due_date(sofia(2026, 1, 16, 10, 0), None, now=sofia(2026, 1, 16, 10, 0)) is None


# --- parsing and formatting ---------------------------------------------------------------------

NOW = sofia(2026, 6, 1, 12, 0)


def test_parse_datetime_local_formats():
    assert parse_identified_at("2026-03-28T12:00", now=NOW) == sofia(2026, 3, 28, 12, 0)
    assert parse_identified_at("2026-03-28T12:00:45", now=NOW) == sofia(2026, 3, 28, 12, 0, 45)
    assert parse_identified_at("2026-03-28", now=NOW) == sofia(2026, 3, 28, 0, 0)
    assert parse_identified_at(" 2026-03-28T12:00 ", now=NOW) == sofia(2026, 3, 28, 12, 0)
    assert parse_identified_at("2026-03-28\n", now=NOW) == sofia(2026, 3, 28, 0, 0)
    assert parse_identified_at("2026-03-28T12:00", now=NOW).tzinfo == SOFIA


def test_parse_empty_is_none():
    assert parse_identified_at("") is None
    assert parse_identified_at("   ") is None


def test_parse_time_skipped_by_dst_moves_forward():
    # 03:30 on 29 March 2026 never happened in Sofia: it is read as 04:30 EEST.
    assert parse_identified_at("2026-03-29T03:30", now=NOW) == sofia(2026, 3, 29, 4, 30)


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30T10:00",
        "2026-13-01",
        "2026-06-01T24:00",
        "2026-06-01T10:60",
        "abc",
        " " * 100,
        "1999-01-01",
        "1999-12-31T23:59",
        "2026-06-01 10:00",
        "2026-6-1",
        "2026-06-01T10",
        "2026-06-01T10:00Z",
        "2026-06-01T10:00+02:00",
        "2026-06-01T10:00:00.000",
        "٢٠٢٦-٠٦-٠١",
        "2026-06-01" + "x" * 40,
    ],
)
def test_parse_rejects_impossible_input(value):
    with pytest.raises(ValueError) as error:
        parse_identified_at(value, now=NOW)
    assert str(error.value)


def test_parse_rejects_more_than_two_years_ahead():
    assert parse_identified_at("2028-06-01T12:00", now=NOW) == sofia(2028, 6, 1, 12, 0)
    with pytest.raises(ValueError):
        parse_identified_at("2028-06-01T12:01", now=NOW)
    with pytest.raises(ValueError):
        parse_identified_at("2030-01-01", now=NOW)


def test_parse_messages_say_what_is_wrong():
    messages = set()
    for value in ("abc", "2026-02-30", "1999-01-01", "2030-01-01", " " * 41):
        with pytest.raises(ValueError) as error:
            parse_identified_at(value, now=NOW)
        messages.add(str(error.value))
    assert len(messages) == 5


def test_format_is_the_inverse_of_parse():
    assert format_identified_at(sofia(2026, 3, 28, 12, 5)) == "2026-03-28T12:05"
    assert format_identified_at(datetime(2026, 1, 16, 8, 0, tzinfo=UTC)) == "2026-01-16T10:00"
    assert format_identified_at(datetime(2026, 1, 16, 8, 0)) == "2026-01-16T08:00"  # noqa: DTZ001
    for text in ("2026-03-28T12:05", "2026-10-24T23:59", "2026-01-01T00:00"):
        assert format_identified_at(parse_identified_at(text, now=NOW)) == text
