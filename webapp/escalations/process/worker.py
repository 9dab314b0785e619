"""One pass of the worker: fire the timers that are due, each instance in its own transaction."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from webapp.common.transactions import boundary, conflicts
from webapp.errors import DomainError
from webapp.escalations import activity
from webapp.escalations.models import Escalation
from webapp.escalations.process import engine, runner
from webapp.escalations.process.models import InstanceStatus, TaskState, WorkflowInstance
from webapp.extensions import db
from workflows import FireTimers

log = logging.getLogger(__name__)


def _due(now: datetime):
    return (WorkflowInstance.status == InstanceStatus.WAITING.value,
            WorkflowInstance.next_timer_due <= now)


def due_ids(*, now: datetime, limit: int = 200) -> list[int]:
    """Ids of instances with a timer due at `now`, read through the due-time index."""
    query = (select(WorkflowInstance.id).where(*_due(now))
             .order_by(WorkflowInstance.next_timer_due).limit(limit))
    return list(db.session.scalars(query))


def _take(instance_id: int, now: datetime) -> WorkflowInstance | None:
    # SKIP LOCKED: when several workers share a PostgreSQL database, each row goes to one.
    query = (select(WorkflowInstance).where(WorkflowInstance.id == instance_id, *_due(now))
             .with_for_update(skip_locked=True)
             .execution_options(populate_existing=True))
    return db.session.scalars(query).first()


def fire_due(*, instance_id: int, now: datetime) -> bool:
    """Fire one instance's due timers; False when another worker had it."""
    row = _take(instance_id, now)
    if row is None:
        return False
    escalation = db.session.get(Escalation, row.escalation_id)
    waiting = [t for t in row.tasks if t.state == TaskState.OPEN.value]
    timers = _due_timers(row, now)
    with conflicts():
        runner.advance(row=row, escalation=escalation, actor=None, event=FireTimers(),
                       now=now)
    handed = [t for t in waiting if t.state == TaskState.CANCELLED.value]
    if handed:
        taking = [t for t in row.tasks if t.state == TaskState.OPEN.value and t not in waiting]
        activity.hand_on(escalation, why=", ".join(timers) or "Its timer passed",
                         handed=handed, taking=taking)
    return True


def _due_timers(row: WorkflowInstance, now: datetime) -> list[str]:
    """The names of the timers due at `now` (reading the state runs no script)."""
    instance = engine.read(row)
    return [e.element_name or e.element_id for e in instance.waiting_events()
            if e.kind == "timer" and e.due is not None and e.due <= now]


def run_pass(*, now: datetime) -> int:
    """Fire every instance due at `now`, each in a transaction of its own; return how many."""
    fired = 0
    for instance_id in due_ids(now=now):
        try:
            with boundary():
                fired += fire_due(instance_id=instance_id, now=now)
        except DomainError as error:
            log.warning("Timers of instance %s not fired: %s", instance_id, error.message)
        except Exception:
            # One instance must never stop the worker: log it, and the next pass tries again.
            log.exception("Timers of instance %s failed", instance_id)
    return fired
