"""One pass of the worker: fire the timers that are due, each instance in its own transaction."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from webapp.common.transactions import boundary, conflicts
from webapp.errors import DomainError
from webapp.escalations import activity, notices
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


LOOP_WINDOW = timedelta(hours=1)


def fire_due(*, instance_id: int, now: datetime) -> bool:
    """Fire one instance's due timers; False when another worker had it. An instance whose
    timers fired more than TIMER_LOOP_LIMIT times within an hour without anyone acting is
    stopped instead, as a loop."""
    row = _take(instance_id, now)
    if row is None:
        return False
    escalation = db.session.get(Escalation, row.escalation_id)
    fires, since = _fires_with_this_one(row, now)
    if fires > current_app.config["TIMER_LOOP_LIMIT"]:
        _stop_loop(row, escalation, now, fires=fires)
        return True
    waiting = [t for t in row.tasks if t.state == TaskState.OPEN.value]
    timers = _due_timers(row, now)
    with conflicts():
        runner.advance(row=row, escalation=escalation, actor=None, event=FireTimers(),
                       now=now)
    # Counted once the step went through: a failed step keeps the row as it was, so that the
    # failure is recorded against the version it was read at.
    row.timer_fires, row.timer_fires_since = fires, since
    handed = [t for t in waiting if t.state == TaskState.CANCELLED.value]
    if handed:
        taking = [t for t in row.tasks if t.state == TaskState.OPEN.value and t not in waiting]
        activity.hand_on(escalation, why=", ".join(timers) or "Its timer passed",
                         handed=handed, taking=taking)
    return True


def _fires_with_this_one(row: WorkflowInstance, now: datetime) -> tuple[int, datetime]:
    """The count of timer firings within the hour, this one included, and since when."""
    if row.timer_fires_since is None or now - row.timer_fires_since > LOOP_WINDOW:
        return 1, now
    return row.timer_fires + 1, row.timer_fires_since


def _stop_loop(row: WorkflowInstance, escalation: Escalation, now: datetime, *,
               fires: int) -> None:
    limit = current_app.config["TIMER_LOOP_LIMIT"]
    message = (f"Its timers fired more than {limit} times within an hour without anyone acting: "
               "a timer loop (a cycle or a very short duration). The process is stopped; a "
               "process admin can fix the template and move the escalation to a new version.")
    row.status = InstanceStatus.ERROR.value
    row.error_element = ", ".join(_due_timers(row, now))[:200]
    row.error_message = message
    activity.note(escalation, f"The process was stopped: {message}", author=None)
    activity.audit_change(escalation, action="timer_loop_stopped", actor=None,
                          before={"timer_fires": fires - 1},
                          after={"status": InstanceStatus.ERROR.value})
    notices.process_failed(where=row.error_element or "its timers", message=message,
                           escalation=escalation, template=row.template_version.template)
    log.warning("Instance %s stopped as a timer loop", row.id)


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
