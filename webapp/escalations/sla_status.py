"""An escalation's SLA as a person reads it ("due in 2 h 13 min", "breached 25 min ago"), and
the same rule as SQL for lists, filters and the API. The clock itself (when `sla_due_at` is set,
restarted, marked breached) lives elsewhere; this only reads it, relative to an injected now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, case, or_
from sqlalchemy.sql import ColumnElement

from webapp.common.pagination import NullsLast
from webapp.common.time import app_now
from webapp.escalations.models import Escalation
from webapp.escalations.states import EscalationState

S = EscalationState
# The clock runs from escalation until the escalation closes (DESIGN §9).
RUNNING_STATES = (S.ESCALATED, S.DE_ESCALATION_REQUESTED)
# Less than this left on a running clock, and the lists say "due soon".
DUE_SOON = timedelta(hours=1)


class SlaState(StrEnum):
    """Where an escalation's SLA stands."""

    NOT_STARTED = "not_started"  # requested: the clock starts when it is escalated
    RUNNING = "running"
    BREACHED = "breached"  # open and past its due time
    MET = "met"  # closed before it was due
    MISSED = "missed"  # closed, but breached first
    STOPPED = "stopped"  # declined: the clock never ran
    NO_SLA = "no_sla"  # escalated without a due time

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    SlaState.NOT_STARTED: "Not started", SlaState.RUNNING: "Running",
    SlaState.BREACHED: "Breached", SlaState.MET: "Met", SlaState.MISSED: "Missed",
    SlaState.STOPPED: "Stopped", SlaState.NO_SLA: "No SLA",
}


@dataclass(frozen=True)
class SlaStatus:
    """An escalation's SLA at one moment: its state, due time and the words to show."""

    state: SlaState
    words: str
    due_at: datetime | None = None
    due_soon: bool = False

    @property
    def breached(self) -> bool:
        """Breached now or before it closed: what `sla_breached` and `?breached=true` mean."""
        return self.state in (SlaState.BREACHED, SlaState.MISSED)

    @property
    def label(self) -> str:
        return self.state.label


def duration_words(delta: timedelta) -> str:
    """A span as a person says it, to the minute: `25 min`, `2 h 13 min`, `3 d 4 h`."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def _span(delta: timedelta) -> str:
    return "less than a minute" if delta < timedelta(minutes=1) else duration_words(delta)


def is_breached(escalation: Escalation, *, now: datetime) -> bool:
    """Whether the SLA was breached: marked so by the worker, or past due before the clock
    stopped (the worker may not have come by yet). `breached_clause` says the same in SQL."""
    e, state = escalation, escalation.state_enum
    if state not in RUNNING_STATES and state is not S.CLOSED:
        return False
    if e.sla_breached_at is not None:
        return True
    end = now if state in RUNNING_STATES else e.closed_at
    return e.sla_due_at is not None and end is not None and e.sla_due_at <= end


def breached_clause(now: datetime) -> ColumnElement[bool]:
    """SQL for `is_breached`, never NULL, so that its negation lists the rest."""
    running = Escalation.state.in_([s.value for s in RUNNING_STATES])
    closed = Escalation.state == S.CLOSED.value
    due = Escalation.sla_due_at
    return or_(
        and_(or_(running, closed), Escalation.sla_breached_at.is_not(None)),
        and_(running, due.is_not(None), due <= now),
        and_(closed, due.is_not(None), Escalation.closed_at.is_not(None),
             due <= Escalation.closed_at),
    )


def status_of(escalation: Escalation, *, now: datetime) -> SlaStatus:
    """The escalation's SLA at `now`, in words."""
    e, state = escalation, escalation.state_enum
    if state is S.REQUESTED:
        return SlaStatus(SlaState.NOT_STARTED, "starts when escalated")
    if state is S.DECLINED:
        return SlaStatus(SlaState.STOPPED, "stopped: declined")
    due = e.sla_due_at
    breached = is_breached(e, now=now)
    if state is S.CLOSED:
        return _closed(e, breached=breached)
    if breached:
        since = now - (due if due is not None and due <= now else e.sla_breached_at)
        words = "breached just now" if since < timedelta(minutes=1) else (
            f"breached {duration_words(since)} ago")
        return SlaStatus(SlaState.BREACHED, words, due)
    if due is None:
        return SlaStatus(SlaState.NO_SLA, "no SLA")
    return SlaStatus(SlaState.RUNNING, f"due in {_span(due - now)}", due,
                     due_soon=due - now <= DUE_SOON)


def _closed(e: Escalation, *, breached: bool) -> SlaStatus:
    due, closed = e.sla_due_at, e.closed_at
    if breached:
        late = (f"missed: closed {_span(closed - due)} after due"
                if due is not None and closed is not None and closed >= due else "missed")
        return SlaStatus(SlaState.MISSED, late, due)
    if due is None:
        return SlaStatus(SlaState.NO_SLA, "no SLA")
    spare = f"met: closed {_span(due - closed)} before due" if closed else "met"
    return SlaStatus(SlaState.MET, spare, due)


def status_now(escalation: Escalation) -> SlaStatus:
    """The escalation's SLA at the app's now: what the pages show."""
    return status_of(escalation, now=app_now())


def due_order() -> NullsLast:
    """Sort by SLA due: running clocks first (so the breached lead an ascending sort), then the
    stopped ones, then those with no due time, whichever way the column sorts."""
    running = Escalation.state.in_([s.value for s in RUNNING_STATES])
    rank = case((Escalation.sla_due_at.is_(None), 2), (running, 0), else_=1)
    return NullsLast(Escalation.sla_due_at, ahead=rank)
