"""The SLA clock: when a response time runs out, counted around the clock or only in a schedule's
working time (its week days and hours in its time zone, holidays left out).

Pure functions of their arguments. A schedule is anything with a `Schedule`'s attributes, so a
schedule being edited can be tried before it is saved.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from webapp.severity import durations

# With a schedule, a response time is an amount of working time: a day is 24 working hours
# (three 8-hour days), as ServiceNow counts an SLA in a schedule; a month 30 such days.
_WORKING = durations.SPANS


class WorkingTime(Protocol):
    """What the clock reads of a schedule."""

    time_zone: str
    days: str
    day_start: time
    day_end: time
    holidays: list[str]


class NoWorkingTime(ValueError):
    """The schedule has no working time at all (no day, or an empty day)."""


def due_at(start: datetime, response_time: str, schedule: WorkingTime | None) -> datetime:
    """When `response_time` (ISO 8601) has passed since `start` (aware), in UTC: 24×7 without a
    schedule, else counted in the schedule's working time only."""
    parts = durations.parse(response_time)
    start = start.astimezone(UTC)
    if schedule is None:
        return _calendar_months(start, parts) + _length(parts, calendar_months=True)
    return _working_due(start, _length(parts, calendar_months=False), schedule)


def _length(parts: dict[str, float], *, calendar_months: bool) -> timedelta:
    skipped = ("years", "months") if calendar_months else ()
    total = timedelta()
    for name, amount in parts.items():
        if name in skipped:
            total += timedelta(days=30) * (amount % 1)  # a fraction of a month, as 30 days
        else:
            total += _WORKING[name] * amount
    return total


def _calendar_months(start: datetime, parts: dict[str, float]) -> datetime:
    """`start` moved on by the whole years and months, the day kept (or the month's last)."""
    months = int(parts.get("years", 0)) * 12 + int(parts.get("months", 0))
    if "years" in parts and not parts["years"].is_integer():
        months += round(parts["years"] % 1 * 12)
    if not months:
        return start
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return start.replace(year=year, month=month + 1, day=day)


def _working_due(start: datetime, remaining: timedelta, schedule: WorkingTime) -> datetime:
    for opens, closes in working_windows(schedule, since=start):
        begin = max(opens, start)
        if begin >= closes:
            continue
        if remaining <= closes - begin:
            return begin + remaining
        remaining -= closes - begin
    raise AssertionError("working_windows never ends")  # pragma: no cover


def working_windows(schedule: WorkingTime, *,
                    since: datetime) -> Iterator[tuple[datetime, datetime]]:
    """The schedule's working periods in UTC, day by day from the day `since` falls on (in the
    schedule's zone), without end. A day's hours are read on the wall clock of that day, so a
    change to or from daylight saving time moves them as people there see it."""
    check(schedule)
    zone = ZoneInfo(schedule.time_zone)
    days = {int(d) for d in schedule.days}
    holidays = set(schedule.holidays or ())
    day = since.astimezone(zone).date()
    while True:
        if day.isoweekday() in days and day.isoformat() not in holidays:
            yield _at(day, schedule.day_start, zone), _at(day, schedule.day_end, zone)
        day += timedelta(days=1)


def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    # A wall-clock time skipped by the change to summer time reads as the hour after it (02:30
    # is 03:30); one that happens twice when it ends, as the first of the two.
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def check(schedule: WorkingTime) -> None:
    """NoWorkingTime unless the schedule has a working day and its day ends after it starts."""
    if not any(d in "1234567" for d in schedule.days or ""):
        raise NoWorkingTime("A schedule needs at least one working day.")
    if schedule.day_end <= schedule.day_start:
        raise NoWorkingTime("The working day must end after it starts.")


DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def days_words(days: str) -> str:
    """ISO week days as people write them: `12345` is `Mon–Fri`, `1357` is `Mon, Wed, Fri, Sun`."""
    runs: list[list[int]] = []
    for number in sorted({int(d) for d in days if d in "1234567"}):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    words = []
    for run in runs:
        names = [DAY_NAMES[n - 1] for n in run]
        words += [f"{names[0]}–{names[-1]}"] if len(names) > 2 else names
    return ", ".join(words) or "no day"
