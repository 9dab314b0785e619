"""The operations a template's scripts may call, bound to one escalation and one step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from webapp.auth.models import User
from webapp.escalations import activity, lanes
from webapp.escalations.models import Escalation
from webapp.escalations.states import EscalationState
from webapp.severity import service as severities

NAMES = ("escalate", "decline", "request_de_escalation", "reject_de_escalation", "close",
         "set_severity", "add_work_note", "notify")
RECIPIENTS = ("requester", "watchers", "approvers", "escalation_manager")
# The state each moving operation leads to (a dry run makes the same moves, in memory).
MOVES: dict[str, EscalationState] = {
    "escalate": EscalationState.ESCALATED,
    "decline": EscalationState.DECLINED,
    "request_de_escalation": EscalationState.DE_ESCALATION_REQUESTED,
    "reject_de_escalation": EscalationState.ESCALATED,
    "close": EscalationState.CLOSED,
}


@dataclass
class Step:
    """Who acts in this step and when; `decider` is set while an approval decision runs."""

    escalation: Escalation
    actor: User | None
    now: datetime
    decider: User | None = None


def bind(step: Step) -> dict[str, Callable[..., Any]]:
    """The operations for one step of one escalation's process."""
    e, actor = step.escalation, step.actor
    label = f"{e.number} ({e.severity.name})"

    def escalate() -> None:
        activity.move(e, MOVES["escalate"], actor=actor, escalated_at=step.now,
                      approved_by=step.decider)
        how = f"approved by {step.decider.full_name}" if step.decider else "approval not needed"
        activity.note(e, f"Escalation {label} is escalated ({how}).", author=actor)

    def decline(reason: str = "") -> None:
        activity.move(e, MOVES["decline"], actor=actor, closed_at=step.now,
                      declined_by=step.decider, decline_reason=str(reason or ""))
        activity.note(e, f"Escalation {label} was declined: {reason or 'no reason given'}",
                      author=actor)

    def request_de_escalation() -> None:
        activity.move(e, MOVES["request_de_escalation"], actor=actor)
        activity.note(e, f"De-escalation of {e.number} requested; waiting for approval.",
                      author=actor)

    def reject_de_escalation(reason: str = "") -> None:
        activity.move(e, MOVES["reject_de_escalation"], actor=actor, de_escalated_by=None)
        activity.note(e, f"De-escalation of {e.number} was rejected: {reason or 'no reason'}",
                      author=actor)

    def close() -> None:
        activity.move(e, MOVES["close"], actor=actor, closed_at=step.now)
        activity.note(e, f"Escalation {e.number} is de-escalated and closed.", author=actor)

    def set_severity(name: str) -> None:
        severity = severities.get_active_by_name_or_raise(str(name))
        before = {"severity": e.severity.name}
        e.severity = severity
        activity.audit_change(e, action="severity", actor=actor, before=before,
                              after={"severity": severity.name})

    def add_work_note(text: str) -> None:
        activity.note(e, str(text), author=actor)

    def notify(to: str, subject: str, body: str = "") -> int:
        return activity.notify(recipients(e, str(to)), subject=str(subject), body=str(body),
                               escalation=e)

    return {"escalate": escalate, "decline": decline,
            "request_de_escalation": request_de_escalation,
            "reject_de_escalation": reject_de_escalation, "close": close,
            "set_severity": set_severity, "add_work_note": add_work_note, "notify": notify}


def recipients(escalation: Escalation, to: str) -> list[User]:
    """The users a `notify` target names for a stored escalation."""
    return recipients_for(lanes.parties(escalation), to)


def recipients_for(who: lanes.Parties, to: str) -> list[User]:
    """The users a `notify` target names for these parties."""
    if to == "requester":
        return [who.requested_by] if who.requested_by else []
    if to == "watchers":
        return list(who.watch_list)
    if to == "approvers":
        return lanes.approvers_for(who)
    if to == "escalation_manager":
        return lanes.resolve_for(lanes.ESCALATION_MANAGER, who)[0]
    raise ValueError(f"notify() sends to one of {', '.join(RECIPIENTS)}, not {to!r}")
