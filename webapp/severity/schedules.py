"""Business-hours schedule use cases: read, create, edit and delete, each audited."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import select

from webapp.audit import service as audit
from webapp.audit.models import AuditEntry
from webapp.auth.models import User
from webapp.common.records import clean_description, get_by_id, unique_name
from webapp.common.transactions import flush
from webapp.errors import InvalidTransition, NotFound, ValidationFailed
from webapp.extensions import db
from webapp.severity import sla
from webapp.severity.models import Schedule, Severity

NAME_TAKEN = "Another schedule already has this name."
MAX_HOLIDAYS = 1000
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::00)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ScheduleUsage:
    """A schedule and the severities that count their SLA in it (deletable only when none)."""

    schedule: Schedule
    severities: list[Severity]


@cache
def time_zones() -> list[str]:
    """Every IANA time zone name this machine knows, sorted."""
    return sorted(available_timezones())


def list_all() -> list[Schedule]:
    """Every schedule, by name."""
    return list(db.session.scalars(select(Schedule).order_by(Schedule.name)))


def list_with_usage() -> list[ScheduleUsage]:
    """Every schedule with the severities that name it."""
    severities = db.session.scalars(select(Severity).where(Severity.schedule_id.is_not(None))
                                    .order_by(Severity.order, Severity.name))
    users: dict[int, list[Severity]] = {}
    for severity in severities:
        users.setdefault(severity.schedule_id, []).append(severity)
    return [ScheduleUsage(s, users.get(s.id, [])) for s in list_all()]


def get_or_raise(schedule_id: int) -> Schedule:
    """The schedule with that id, or NotFound."""
    schedule = get_by_id(Schedule, schedule_id)
    if schedule is None:
        raise NotFound(f"There is no schedule {schedule_id}.")
    return schedule


def severities_using(schedule: Schedule) -> list[Severity]:
    """The severities whose SLA counts in `schedule`."""
    return list(db.session.scalars(select(Severity).where(Severity.schedule_id == schedule.id)
                                   .order_by(Severity.order, Severity.name)))


def history(schedule: Schedule) -> list[AuditEntry]:
    """The audit entries of `schedule`, newest first, back to its creation (as severities)."""
    entries = audit.list_for(record_type="schedule", record_id=schedule.id)
    created = next((i for i, entry in enumerate(entries) if entry.action == "created"), None)
    return entries if created is None else entries[:created + 1]


def snapshot(schedule: Schedule) -> dict[str, Any]:
    """The audited fields of a schedule as plain values, as a person reads them."""
    return {"name": schedule.name, "description": schedule.description,
            "time_zone": schedule.time_zone, "days": sla.days_words(schedule.days),
            "day_start": schedule.day_start.strftime("%H:%M"),
            "day_end": schedule.day_end.strftime("%H:%M"),
            "holidays": ", ".join(schedule.holidays) or "none"}


def form_values(schedule: Schedule) -> dict[str, Any]:
    """A saved schedule's fields as the form shows them."""
    return {"name": schedule.name, "description": schedule.description,
            "time_zone": schedule.time_zone, "days": list(schedule.days),
            "day_start": schedule.day_start.strftime("%H:%M"),
            "day_end": schedule.day_end.strftime("%H:%M"),
            "holidays": "\n".join(schedule.holidays)}


def validate(values: Mapping[str, Any], *, current: Schedule | None = None) -> dict[str, Any]:
    """Clean every field; raise ValidationFailed naming each bad one. All fields are needed."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    checks = {"name": lambda raw: unique_name(Schedule, raw, current=current, taken=NAME_TAKEN),
              "description": clean_description,
              "time_zone": _time_zone, "days": _days, "day_start": _clock,
              "day_end": _clock, "holidays": _holidays}
    for name, check in checks.items():
        try:
            clean[name] = check(values.get(name))
        except ValueError as error:
            errors[name] = str(error)
    if not {"day_start", "day_end"} & errors.keys() and clean["day_end"] <= clean["day_start"]:
        errors["day_end"] = "The working day must end after it starts."
    if errors:
        raise ValidationFailed("The schedule was not saved: fix the fields marked.",
                               fields=errors)
    return clean


def _time_zone(raw: Any) -> str:
    zone = str(raw or "").strip()
    if not zone:
        raise ValueError("A time zone is required, such as Europe/Berlin.")
    if zone not in time_zones():
        raise ValueError(f"There is no time zone {zone!r}: write its IANA name, such as "
                         "Europe/Berlin or America/New_York.")
    return zone


def _days(raw: Any) -> str:
    picked = {str(d).strip() for d in (raw if isinstance(raw, Iterable) else ()) if d}
    picked = {d for part in picked for d in part}  # "12345" and ["1", "2"] alike
    if not picked:
        raise ValueError("Choose at least one working day.")
    if not picked <= set("1234567"):
        raise ValueError("Working days are 1 (Monday) to 7 (Sunday).")
    return "".join(sorted(picked))


def _clock(raw: Any) -> time:
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0)
    match = _CLOCK.fullmatch(str(raw or "").strip())
    if match is None:
        raise ValueError("Write the time as HH:MM, for example 09:00.")
    return time(int(match.group(1)), int(match.group(2)))


def _holidays(raw: Any) -> list[str]:
    lines = raw.splitlines() if isinstance(raw, str) else [str(d) for d in raw or ()]
    found: set[str] = set()
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            found.add(date.fromisoformat(text).isoformat())
        except ValueError:
            raise ValueError(f"Line {number}: {text!r} is not a date. Write one date a line "
                             "as YYYY-MM-DD, such as 2026-12-25.") from None
    if len(found) > MAX_HOLIDAYS:
        raise ValueError(f"Keep the list to {MAX_HOLIDAYS:,} dates.")
    return sorted(found)


def create(*, actor: User | None, **values: Any) -> Schedule:
    """Add a schedule. One transaction."""
    schedule = Schedule(**validate(values))
    db.session.add(schedule)
    db.session.flush()
    audit.record(record_type="schedule", record_id=schedule.id, action="created", actor=actor,
                 after=snapshot(schedule))
    flush(conflict=f"{NAME_TAKEN} Choose another.")
    return schedule


def update(*, schedule: Schedule, changes: Mapping[str, Any], actor: User | None) -> Schedule:
    """Change a schedule; SLA clocks started from now on count in it. One transaction."""
    clean = validate({**form_values(schedule), **changes}, current=schedule)
    before = snapshot(schedule)
    for name, value in clean.items():
        setattr(schedule, name, value)
    audit.record_update(record_type="schedule", record_id=schedule.id, actor=actor,
                        before=before, after=snapshot(schedule))
    flush(conflict=f"{NAME_TAKEN} Choose another.")
    return schedule


def delete(*, schedule: Schedule, actor: User | None) -> None:
    """Remove a schedule no severity names. One transaction."""
    used = severities_using(schedule)
    if used:
        names = ", ".join(s.name for s in used)
        raise InvalidTransition(f"{schedule.name} is the schedule of {names}; choose another "
                                "schedule (or 24×7) for them first.")
    audit.record(record_type="schedule", record_id=schedule.id, action="deleted", actor=actor,
                 before=snapshot(schedule))
    db.session.delete(schedule)
    flush(conflict=f"{schedule.name} was just chosen for a severity; it was not deleted.")


def example_dues(schedule: Schedule, *, now: datetime) -> list[tuple[Severity, datetime]]:
    """When each active severity's SLA would be due, on the schedule's wall clock, if an
    escalation were escalated `now` and counted in `schedule`."""
    zone = ZoneInfo(schedule.time_zone)
    query = select(Severity).where(Severity.active.is_(True)).order_by(Severity.order)
    return [(s, sla.due_at(now, s.response_time, schedule).astimezone(zone))
            for s in db.session.scalars(query)]
