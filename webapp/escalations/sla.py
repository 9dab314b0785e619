"""An escalation's SLA clock: started when it is escalated, restarted when its severity changes,
left as it is when it closes (the worker marks breaches of open escalations only).

A severity change starts a new SLA on the new severity's response time, as ServiceNow does: a
breach of the old one is cleared, and the new one may breach in its turn.
"""

from __future__ import annotations

from datetime import datetime

from webapp.auth.models import User
from webapp.escalations import activity
from webapp.escalations.models import Escalation
from webapp.severity import sla as clock
from webapp.severity.models import Severity
from webapp.severity.service import ROUND_THE_CLOCK


def shown(at: datetime | None) -> str | None:
    """A time as the history and notes show it: `2026-11-27 13:00 UTC`."""
    return at.strftime("%Y-%m-%d %H:%M UTC") if at is not None else None


def counted(severity: Severity) -> str:
    """How a severity's SLA counts: `4 hours, 24×7` or `4 hours in Berlin office`."""
    if severity.schedule is not None:
        return f"{severity.response_time_words} in {severity.schedule.name}"
    return f"{severity.response_time_words}, {ROUND_THE_CLOCK}"


def breach_note(severity: Severity, due: datetime) -> str:
    """What a breach's work note and notification say."""
    where = f" (in {severity.schedule.name})" if severity.schedule is not None else ""
    return (f"SLA breached: {severity.name} response time of {severity.response_time_words}"
            f"{where} passed at {shown(due)}.")


def start(escalation: Escalation, *, now: datetime, actor: User | None) -> None:
    """Start the clock at `now` on the escalation's severity (clearing any breach), audited."""
    severity = escalation.severity
    before, after = {}, {}
    if escalation.sla_due_at is not None:
        before["sla_due"] = shown(escalation.sla_due_at)
    if escalation.sla_breached_at is not None:
        before["sla_breached"], after["sla_breached"] = shown(escalation.sla_breached_at), None
    escalation.sla_due_at = clock.due_at(now, severity.response_time, severity.schedule)
    escalation.sla_breached_at = None
    after.update(sla_due=shown(escalation.sla_due_at), response_time=counted(severity))
    activity.audit_change(escalation, action="sla_started", actor=actor, before=before,
                          after=after)


def restart(escalation: Escalation, *, now: datetime, actor: User | None) -> None:
    """After a severity change: a running clock starts again on the new severity. One not
    started yet (still requested) starts when the escalation is escalated, on the severity it
    has then; a closed escalation's stays as it stopped."""
    if escalation.sla_due_at is not None and escalation.is_active:
        start(escalation, now=now, actor=actor)
