"""Task use cases: the inbox of open tasks (with how long each has waited) and completing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.auth.models import User
from webapp.auth.roles import Role
from webapp.common.records import get_by_id
from webapp.common.time import app_now
from webapp.common.transactions import conflicts
from webapp.errors import InvalidTransition, NotFound, PermissionDenied
from webapp.escalations import approvals
from webapp.escalations.models import Escalation
from webapp.escalations.process import runner
from webapp.escalations.process.models import HumanTask, TaskState, WorkflowInstance, task_candidate
from webapp.escalations.sla_status import duration_words
from webapp.extensions import db
from webapp.severity import durations
from workflows import CompleteTask

ALREADY_DONE = "This task was already decided by someone else."


def list_open_for(user: User) -> list[tuple[HumanTask, Escalation]]:
    """Open tasks `user` may complete (admins: every open task), oldest first."""
    query = (select(HumanTask, Escalation)
             .join(WorkflowInstance, HumanTask.instance_id == WorkflowInstance.id)
             .join(Escalation, WorkflowInstance.escalation_id == Escalation.id)
             .where(HumanTask.state == TaskState.OPEN.value)
             .options(joinedload(Escalation.requested_by), joinedload(Escalation.template),
                      joinedload(Escalation.case), joinedload(Escalation.account))
             .order_by(HumanTask.created_at, HumanTask.id))
    if not user.has_role(Role.ADMIN):
        query = query.join(task_candidate, task_candidate.c.task_id == HumanTask.id).where(
            task_candidate.c.user_id == user.id)
    return [(task, escalation) for task, escalation in db.session.execute(query)]


@dataclass(frozen=True)
class Waiting:
    """How long a task has waited, measured against its template's reminder period: `level`
    is `early` (before the reminder), `reminded` (past it), `late` (past twice it) or `plain`
    (the template sends no reminders); `says` puts the level in words."""

    age: str
    level: str
    says: str


def waiting(task: HumanTask, *, reminder: str, now: datetime) -> Waiting:
    """How long `task` has waited at `now`, against the reminder period of its template."""
    age = now - task.created_at
    try:
        period = durations.to_timedelta(reminder) if reminder else None
    except durations.InvalidDuration:
        period = None
    if period is None:
        return Waiting(duration_words(age), "plain", "no reminders")
    every = duration_words(period)
    if age >= 2 * period:
        return Waiting(duration_words(age), "late", f"over twice the {every} reminder")
    if age >= period:
        return Waiting(duration_words(age), "reminded", f"past the {every} reminder")
    return Waiting(duration_words(age), "early", f"reminder after {every}")


def inbox(user: User, *, now: datetime) -> list[tuple[HumanTask, Escalation, Waiting]]:
    """My approvals: the open tasks `user` may complete, each with how long it has waited."""
    return [(task, e, waiting(task, reminder=e.template.reminder, now=now))
            for task, e in list_open_for(user)]


def get_or_raise(task_id: int) -> HumanTask:
    """The task row with that id, or NotFound."""
    task = get_by_id(HumanTask, task_id)
    if task is None:
        raise NotFound("There is no such task.")
    return task


def escalation_of(task: HumanTask) -> Escalation:
    """The escalation a task belongs to."""
    return db.session.get(Escalation, task.instance.escalation_id)


def complete(*, task_id: int, data: dict[str, Any], actor: User) -> HumanTask:
    """Complete a task with its form data and run the process on, in one transaction; the
    first decision wins (the instance row is locked, then the task is read again)."""
    task = get_or_raise(task_id)
    if not approvals.may_decide(actor, task):
        raise PermissionDenied("This task is not yours to complete.")
    escalation = escalation_of(task)
    row = runner.lock(escalation)
    db.session.refresh(task)
    if task.state != TaskState.OPEN.value:
        raise InvalidTransition(ALREADY_DONE)
    approvals.check(task, data)
    decision = data.get("decision") if approvals.is_decision(task.form) else None
    # Marked first, so that syncing the tasks after the step sees it done, not gone; a step
    # that fails rolls this back with everything else.
    _mark_completed(task, data, decision=decision, actor=actor)
    with conflicts(ALREADY_DONE):
        runner.advance(row=row, escalation=escalation, actor=actor,
                       event=CompleteTask(task.task_id, dict(data)),
                       decider=actor if decision in approvals.DECISIONS else None)
        db.session.flush()
    return task


def _mark_completed(task: HumanTask, data: dict[str, Any], *, decision: str | None,
                    actor: User) -> None:
    task.state = TaskState.COMPLETED.value
    task.completed_by = actor
    task.completed_at = app_now()
    fields = {f["id"] for f in task.form}
    task.outcome = {k: v for k, v in data.items() if k in fields}
    approvals.settle(task, decider=actor, decision=decision,
                     comment=str(data.get("comment") or ""), now=task.completed_at)
