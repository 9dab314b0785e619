"""Severity use cases: read, create, edit, deactivate, activate and delete, each audited."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from webapp.audit import service as audit
from webapp.audit.models import AuditEntry
from webapp.auth.models import User
from webapp.common.hooks import Hook
from webapp.common.records import clean_description, get_by_id, unique_name
from webapp.common.transactions import flush
from webapp.errors import InvalidTransition, NotFound, ValidationFailed
from webapp.extensions import db
from webapp.severity import durations
from webapp.severity.models import Schedule, Severity

DEFAULTS = [
    {"name": "High Severity", "color": "#d9534f", "order": 1, "response_time": "PT4H",
     "description": "Customer business is stopped or at serious risk."},
    {"name": "Medium Severity", "color": "#f0ad4e", "order": 2, "response_time": "PT8H",
     "description": "Customer business is impaired; attention needed within a working day."},
]
FIELDS = ("name", "color", "order", "response_time", "description", "schedule_id")
ROUND_THE_CLOCK = "24×7"
HEX_COLOR = re.compile(r"#[0-9a-f]{6}")
MAX_ORDER = 1000
NAME_TAKEN = "Another severity already has this name."

# Handed in at start-up by escalations, which the records never import: how many escalations,
# in any state, use each severity, by severity id.
escalations_by_severity: Hook[[], dict[int, int]] = Hook("severity.escalations_by_severity")


@dataclass(frozen=True)
class SeverityUsage:
    """A severity and how many escalations use it (deletable only when none do)."""

    severity: Severity
    escalations: int


def list_active() -> list[Severity]:
    """Active severities, most severe first."""
    query = select(Severity).where(Severity.active.is_(True)).order_by(Severity.order)
    return list(db.session.scalars(query))


def list_all() -> list[Severity]:
    """Every severity, active ones first, most severe first."""
    return list(db.session.scalars(
        select(Severity).order_by(Severity.active.desc(), Severity.order, Severity.name)))


def list_with_usage() -> list[SeverityUsage]:
    """Every severity with the number of escalations that use it, in list order."""
    counts = escalations_by_severity()
    return [SeverityUsage(severity, counts.get(severity.id, 0)) for severity in list_all()]


def get_by_name(name: str) -> Severity | None:
    """The severity with that name, or None."""
    return db.session.scalar(select(Severity).where(Severity.name == name))


def get_or_raise(severity_id: int) -> Severity:
    """The severity with that id, or NotFound."""
    severity = get_by_id(Severity, severity_id)
    if severity is None:
        raise NotFound(f"There is no severity {severity_id}.")
    return severity


def get_active_by_name_or_raise(name: str | None, *, field: str = "severity") -> Severity:
    """The active severity with that name, or ValidationFailed naming the choices."""
    severity = get_by_name(name or "")
    if severity is None or not severity.active:
        choices = ", ".join(s.name for s in list_active())
        raise ValidationFailed(f"Unknown severity {name!r}.",
                               fields={field: f"Choose one of: {choices}."})
    return severity


def count_escalations(severity: Severity) -> int:
    """How many escalations, in any state, use `severity`."""
    return escalations_by_severity().get(severity.id, 0)


def history(severity: Severity) -> list[AuditEntry]:
    """The audit entries of `severity`, newest first, back to its creation.

    SQLite may give a new severity the id of a deleted one; entries older than the newest
    "created" belong to that earlier severity and are left out.
    """
    entries = audit.list_for(record_type="severity", record_id=severity.id)
    created = next((i for i, entry in enumerate(entries) if entry.action == "created"), None)
    return entries if created is None else entries[:created + 1]


def ensure_defaults() -> int:
    """Create the default severities that are missing (the caller commits); return how many."""
    added = 0
    for values in DEFAULTS:
        if get_by_name(values["name"]) is None:
            db.session.add(Severity(**values))
            added += 1
    db.session.flush()
    return added


def snapshot(severity: Severity) -> dict[str, Any]:
    """The audited fields of a severity as plain values (the schedule by name)."""
    values = {name: getattr(severity, name) for name in (*FIELDS, "active")
              if name != "schedule_id"}
    values["schedule"] = severity.schedule.name if severity.schedule else ROUND_THE_CLOCK
    return values


def validate(values: Mapping[str, Any], *, current: Severity | None = None) -> dict[str, Any]:
    """Clean the given fields; raise ValidationFailed naming every bad one."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    checks = {"name": _name, "color": _color, "order": _order,
              "response_time": _response_time, "description": _description,
              "schedule_id": _schedule}
    for name, check in checks.items():
        if name in values:
            try:
                clean[name] = check(values[name], current)
            except ValueError as error:
                errors[name] = str(error)
    if errors:
        raise ValidationFailed("The severity was not saved: fix the fields marked.",
                               fields=errors)
    if "schedule_id" in clean:  # set the relationship, so the clock reads the new one at once
        schedule_id = clean.pop("schedule_id")
        clean["schedule"] = get_by_id(Schedule, schedule_id) if schedule_id else None
    return clean


def _name(raw: Any, current: Severity | None) -> str:
    return unique_name(Severity, raw, current=current, taken=NAME_TAKEN)


def _color(raw: Any, current: Severity | None) -> str:
    color = str(raw or "").strip().lower()
    if not HEX_COLOR.fullmatch(color):
        raise ValueError("Write the colour as #rrggbb, for example #d9534f.")
    return color


def _order(raw: Any, current: Severity | None) -> int:
    text = str(raw).strip() if raw is not None and not isinstance(raw, bool) else ""
    if not text.isdecimal() or not 1 <= int(text) <= MAX_ORDER:
        raise ValueError(f"Order is a whole number from 1 (most severe) to {MAX_ORDER}.")
    return int(text)


def _response_time(raw: Any, current: Severity | None) -> str:
    try:
        return durations.normalize(str(raw or ""))
    except durations.InvalidDuration as error:
        raise ValueError(str(error)) from None


def _description(raw: Any, current: Severity | None) -> str:
    return clean_description(raw)


def _schedule(raw: Any, current: Severity | None) -> int | None:
    if raw in (None, "", "None"):
        return None  # 24×7
    text = str(raw).strip()
    if not text.isdecimal() or get_by_id(Schedule, int(text)) is None:
        raise ValueError("There is no such schedule; choose one of the list, or 24×7.")
    return int(text)


def create(*, name: str, color: str, order: int | str, response_time: str,
           description: str = "", schedule_id: int | str | None = None,
           actor: User | None) -> Severity:
    """Add a new active severity, in one transaction."""
    clean = validate({"name": name, "color": color, "order": order,
                      "response_time": response_time, "description": description,
                      "schedule_id": schedule_id})
    severity = Severity(**clean, active=True)
    db.session.add(severity)
    db.session.flush()
    audit.record(record_type="severity", record_id=severity.id, action="created", actor=actor,
                 after=snapshot(severity))
    flush(conflict=f"{NAME_TAKEN} Choose another.")
    return severity


def update(*, severity: Severity, changes: Mapping[str, Any], actor: User | None) -> Severity:
    """Change a severity's fields; escalations show the change at once. One transaction."""
    clean = validate({k: v for k, v in changes.items() if k in FIELDS}, current=severity)
    before = snapshot(severity)
    for name, value in clean.items():
        setattr(severity, name, value)
    audit.record_update(record_type="severity", record_id=severity.id, actor=actor,
                        before=before, after=snapshot(severity))
    flush(conflict=f"{NAME_TAKEN} Choose another.")
    return severity


def deactivate(*, severity: Severity, actor: User | None) -> Severity:
    """Stop offering a severity for new escalations (ones using it keep it). One transaction."""
    _refuse_when_last_active(severity, "deactivated")
    return _set_active(severity, False, actor)


def activate(*, severity: Severity, actor: User | None) -> Severity:
    """Offer a severity again for new escalations. One transaction."""
    return _set_active(severity, True, actor)


def _set_active(severity: Severity, active: bool, actor: User | None) -> Severity:
    if severity.active != active:  # a repeated click changes and records nothing
        severity.active = active
        audit.record(record_type="severity", record_id=severity.id,
                     action="activated" if active else "deactivated", actor=actor,
                     before={"active": not active}, after={"active": active})
        flush()
    return severity


def delete(*, severity: Severity, actor: User | None) -> None:
    """Remove a severity no escalation has ever used. One transaction."""
    used = count_escalations(severity)
    if used:
        raise InvalidTransition(f"{severity.name} is in use by {used} escalation(s); "
                                "deactivate it instead.")
    _refuse_when_last_active(severity, "deleted")
    audit.record(record_type="severity", record_id=severity.id, action="deleted", actor=actor,
                 before=snapshot(severity))
    db.session.delete(severity)
    flush(conflict=f"{severity.name} was just used by an escalation; deactivate it instead.")


def _refuse_when_last_active(severity: Severity, verb: str) -> None:
    others = db.session.scalar(select(func.count()).select_from(Severity).where(
        Severity.active.is_(True), Severity.id != severity.id)) or 0
    if severity.active and not others:
        raise InvalidTransition(f"{severity.name} is the last active severity and cannot be "
                                f"{verb}: new escalations need one. Add or activate another "
                                "first.")
