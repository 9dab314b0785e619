"""The SLA clock: a response time counted around the clock, or only in a schedule's working time."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from webapp.severity.durations import InvalidDuration
from webapp.severity.models import Schedule
from webapp.severity.sla import NoWorkingTime, due_at

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def office(**overrides) -> Schedule:
    """Mon–Fri 09:00–17:00 in Berlin, not saved."""
    fields = {"name": "Berlin office", "time_zone": "Europe/Berlin", "days": "12345",
              "day_start": time(9), "day_end": time(17), "holidays": []}
    fields.update(overrides)
    return Schedule(**fields)


@pytest.mark.parametrize(("start", "response_time", "due"), [
    (datetime(2026, 11, 27, 9, tzinfo=UTC), "PT4H", datetime(2026, 11, 27, 13, tzinfo=UTC)),
    (datetime(2026, 11, 27, 22, tzinfo=UTC), "PT8H", datetime(2026, 11, 28, 6, tzinfo=UTC)),
    (datetime(2026, 11, 27, 9, tzinfo=UTC), "P1DT2H30M",
     datetime(2026, 11, 28, 11, 30, tzinfo=UTC)),
    (datetime(2026, 11, 27, 9, tzinfo=UTC), "PT1.5H", datetime(2026, 11, 27, 10, 30, tzinfo=UTC)),
    (datetime(2026, 1, 31, 9, tzinfo=UTC), "P1M", datetime(2026, 2, 28, 9, tzinfo=UTC)),
    (datetime(2026, 3, 28, 12, tzinfo=UTC), "P1D", datetime(2026, 3, 29, 12, tzinfo=UTC)),
])
def test_without_a_schedule__every_hour_counts(start, response_time, due):
    assert due_at(start, response_time, None) == due


def test_an_aware_local_start__is_answered_in_utc():
    due = due_at(berlin(2026, 11, 27, 15), "PT4H", None)
    assert due == datetime(2026, 11, 27, 18, tzinfo=UTC) and due.tzinfo is UTC


def test_friday_afternoon_in_berlin__high_severity_is_due_monday_at_eleven():
    due = due_at(berlin(2026, 11, 27, 15), "PT4H", office())
    assert due == berlin(2026, 11, 30, 11)
    assert due.astimezone(BERLIN).strftime("%A %H:%M") == "Monday 11:00"


def test_exactly_the_working_time_left__due_as_the_office_closes():
    assert due_at(berlin(2026, 11, 27, 13), "PT4H", office()) == berlin(2026, 11, 27, 17)


@pytest.mark.parametrize(("start", "due"), [
    (berlin(2026, 11, 25, 7, 30), berlin(2026, 11, 25, 13)),  # before hours: from 09:00
    (berlin(2026, 11, 25, 19), berlin(2026, 11, 26, 13)),  # after hours: from tomorrow 09:00
    (berlin(2026, 11, 28, 10), berlin(2026, 11, 30, 13)),  # Saturday: from Monday 09:00
    (berlin(2026, 11, 29, 23, 59), berlin(2026, 11, 30, 13)),  # Sunday night
])
def test_a_start_outside_working_hours__counts_from_the_next_opening(start, due):
    assert due_at(start, "PT4H", office()) == due


def test_holidays__are_skipped_whole():
    schedule = office(holidays=["2026-12-24", "2026-12-25"])
    # Wednesday 23rd 15:00: two hours that day, Thursday and Friday are holidays, then Monday.
    assert due_at(berlin(2026, 12, 23, 15), "PT4H", schedule) == berlin(2026, 12, 28, 11)
    assert due_at(berlin(2026, 12, 24, 10), "PT1H", schedule) == berlin(2026, 12, 28, 10)


def test_a_long_response_time__runs_over_several_working_days():
    # P1D is 24 working hours: three 8-hour days.
    assert due_at(berlin(2026, 11, 23, 9), "P1D", office()) == berlin(2026, 11, 25, 17)
    assert due_at(berlin(2026, 11, 23, 9), "PT41H", office()) == berlin(2026, 11, 30, 10)


def test_working_hours__follow_the_wall_clock_across_a_change_to_summer_time():
    # Friday 27 March 2026, 15:00 CET (14:00 UTC); clocks go forward on Sunday the 29th.
    due = due_at(berlin(2026, 3, 27, 15), "PT4H", office())
    assert due == datetime(2026, 3, 30, 9, tzinfo=UTC)  # Monday 11:00 CEST
    assert due.astimezone(BERLIN).strftime("%a %H:%M %Z") == "Mon 11:00 CEST"


def test_hours_that_span_the_change__count_as_the_real_time_that_passes():
    night = office(days="7", day_start=time(1), day_end=time(5))
    # Sunday 29 March 2026 in Berlin, 01:00 to 05:00 on the wall clock, is three real hours.
    assert due_at(berlin(2026, 3, 29, 1), "PT3H", night) == berlin(2026, 3, 29, 5)
    assert due_at(berlin(2026, 3, 29, 1), "PT4H", night) == berlin(2026, 4, 5, 2)
    # And 25 October 2026, when they go back, four wall-clock hours are five real ones.
    assert due_at(berlin(2026, 10, 25, 1), "PT5H", night) == datetime(2026, 10, 25, 4,
                                                                       tzinfo=UTC)


def test_another_time_zone__counts_its_own_hours():
    new_york = office(time_zone="America/New_York")
    start = datetime(2026, 11, 27, 15, tzinfo=UTC)  # Friday 10:00 in New York
    assert due_at(start, "PT4H", new_york) == datetime(2026, 11, 27, 19, tzinfo=UTC)


@pytest.mark.parametrize("schedule", [office(days=""), office(day_end=time(9)),
                                      office(day_start=time(18))])
def test_a_schedule_without_working_time__is_refused(schedule):
    with pytest.raises(NoWorkingTime):
        due_at(berlin(2026, 11, 27, 15), "PT4H", schedule)


def test_a_response_time_that_is_no_duration__is_refused():
    with pytest.raises(InvalidDuration):
        due_at(berlin(2026, 11, 27, 15), "4 hours", None)
