"""Keeping the human-task rows in step with the tasks an instance waits on."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from webapp.escalations import approvals, lanes, notices
from webapp.escalations.models import Approval, Escalation
from webapp.escalations.process.models import HumanTask, TaskState, WorkflowInstance
from webapp.extensions import db
from workflows import ReadyTask


def sync(row: WorkflowInstance, ready_tasks: tuple[ReadyTask, ...], escalation: Escalation,
         *, now: datetime) -> list[HumanTask]:
    """Cancel rows whose task went away, add rows for new ready tasks; return the new rows."""
    ready = {task.id: task for task in ready_tasks}
    open_rows = {r.task_id: r for r in row.tasks if r.state == TaskState.OPEN.value}
    for task_id, task_row in open_rows.items():
        if task_id not in ready:
            task_row.state = TaskState.CANCELLED.value
            approvals.settle(task_row, decider=None, decision=None, comment="", now=now)
    return [_open(row, task, escalation, now) for task_id, task in ready.items()
            if task_id not in open_rows]


def refresh(row: WorkflowInstance, ready_tasks: tuple[ReadyTask, ...],
            escalation: Escalation) -> None:
    """Bring open rows up to date with their tasks (after a move to a new version)."""
    ready = {task.id: task for task in ready_tasks}
    for task_row in row.tasks:
        task = ready.get(task_row.task_id)
        if task_row.state == TaskState.OPEN.value and task is not None:
            task_row.element_id, task_row.lane = task.element_id, task.lane or ""
            task_row.name = task.name or task.element_id
            task_row.documentation = task.documentation or ""
            task_row.form = [asdict(field) for field in task.form]
            task_row.candidates, task_row.candidate_groups = lanes.resolve(task.lane, escalation)


def _open(row: WorkflowInstance, task: ReadyTask, escalation: Escalation,
          now: datetime) -> HumanTask:
    people, groups = lanes.resolve(task.lane, escalation)
    task_row = HumanTask(instance=row, task_id=task.id, created_at=now, element_id=task.element_id,
                         name=task.name or task.element_id, lane=task.lane or "",
                         documentation=task.documentation or "",
                         form=[asdict(field) for field in task.form],
                         candidates=people, candidate_groups=groups)
    db.session.add(task_row)
    db.session.flush()
    if approvals.is_decision(task_row.form):
        for person in people:
            db.session.add(Approval(escalation=escalation, human_task_id=task_row.id,
                                    approver=person))
    notices.task_opened(escalation, task_row)
    return task_row
