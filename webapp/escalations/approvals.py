"""Approval rules in one place: who may decide a task, that a rejection needs a reason, and
settling everyone else's approval once a task is decided or gone (the first decision wins: the
use case locks the instance, then reads the task again)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from webapp.auth.models import User
from webapp.auth.roles import Role
from webapp.errors import ValidationFailed
from webapp.escalations.models import Approval
from webapp.escalations.process.models import HumanTask
from webapp.escalations.states import ApprovalState
from webapp.extensions import db

MAX_COMMENT = 5_000
DECISIONS = {"approve": ApprovalState.APPROVED, "reject": ApprovalState.REJECTED}


def is_decision(form: list[dict]) -> bool:
    """An approval-style form: it has a `decision` field."""
    return any(field["id"] == "decision" for field in form)


def may_decide(user: User, task: HumanTask) -> bool:
    """A task's candidates decide it; admins may decide any."""
    return user.has_role(Role.ADMIN) or any(c.id == user.id for c in task.candidates)


def check(task: HumanTask, data: dict[str, Any]) -> None:
    """A comment within bounds, and a reason with every rejection."""
    comment = str(data.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationFailed("The comment is too long.", fields={
            "comment": f"Keep it under {MAX_COMMENT:,} characters."})
    if is_decision(task.form) and data.get("decision") == "reject" and not comment:
        raise ValidationFailed("A rejection needs a reason.",
                               fields={"comment": "Say why you reject."})


def settle(task: HumanTask, *, decider: User | None, decision: str | None, comment: str,
           now: datetime) -> None:
    """Record the decider's decision on the task's approvals and cancel everyone else's (with
    no decider: the task went away, so every open approval is cancelled)."""
    approvals = list(db.session.query(Approval).filter_by(human_task_id=task.id))
    state = DECISIONS.get(decision or "") if decider is not None else None
    for approval in approvals:
        if approval.state != ApprovalState.REQUESTED.value:
            continue
        if state is not None and approval.approver_id == decider.id:
            approval.state, approval.comment = state.value, comment
        else:
            approval.state = ApprovalState.CANCELLED.value
        approval.decided_at = now
    if state is not None and not any(a.approver_id == decider.id for a in approvals):
        # An admin deciding a task that was not routed to them.
        db.session.add(Approval(escalation_id=task.instance.escalation_id,
                                human_task_id=task.id, approver=decider, comment=comment,
                                state=state.value, decided_at=now))
