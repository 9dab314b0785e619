"""Reading severities and creating the defaults."""

from __future__ import annotations

from sqlalchemy import select

from webapp.errors import ValidationFailed
from webapp.extensions import db
from webapp.severity.models import Severity

DEFAULTS = [
    {"name": "High Severity", "color": "#d9534f", "order": 1, "response_time": "PT4H",
     "description": "Customer business is stopped or at serious risk."},
    {"name": "Medium Severity", "color": "#f0ad4e", "order": 2, "response_time": "PT8H",
     "description": "Customer business is impaired; attention needed within a working day."},
]


def list_active() -> list[Severity]:
    """Active severities, most severe first."""
    query = select(Severity).where(Severity.active.is_(True)).order_by(Severity.order)
    return list(db.session.scalars(query))


def get_by_name(name: str) -> Severity | None:
    """The severity with that name, or None."""
    return db.session.scalar(select(Severity).where(Severity.name == name))


def get_active_by_name_or_raise(name: str | None, *, field: str = "severity") -> Severity:
    """The active severity with that name, or ValidationFailed naming the choices."""
    severity = get_by_name(name or "")
    if severity is None or not severity.active:
        choices = ", ".join(s.name for s in list_active())
        raise ValidationFailed(f"Unknown severity {name!r}.",
                               fields={field: f"Choose one of: {choices}."})
    return severity


def ensure_defaults() -> int:
    """Create the default severities that are missing (the caller commits); return how many."""
    added = 0
    for values in DEFAULTS:
        if get_by_name(values["name"]) is None:
            db.session.add(Severity(**values))
            added += 1
    db.session.flush()
    return added


def list_all() -> list[Severity]:
    """Every severity, active ones first, most severe first."""
    return list(db.session.scalars(
        select(Severity).order_by(Severity.active.desc(), Severity.order)))
