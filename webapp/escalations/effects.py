"""Applying the effects a step's scripts recorded, in order, to an escalation.

The checks live here once (the transition table, the severity, the notify target); what a check
passes is handed to a target: the stored escalation (which writes, inside the action's
transaction) or a dry run's draft (which only remembers). So the dry run cannot drift from the
real run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from webapp.auth.models import Group, User
from webapp.errors import DomainError
from webapp.escalations import activity, lanes, notices, sla
from webapp.escalations.contract import MOVES, NOTIFY_TARGETS
from webapp.escalations.models import Escalation
from webapp.escalations.states import EscalationState, check_transition
from webapp.severity import service as severities
from webapp.severity.models import Severity
from workflows import Effect, ScriptError


class EffectFailed(ScriptError):
    """An effect could not be applied: the step fails on the element that asked for it."""


class Target(Protocol):
    """What effects are applied to: an escalation's state and parties, and what to do with
    each effect that passed its checks."""

    @property
    def state(self) -> str: ...

    def parties(self) -> lanes.Parties: ...

    def move(self, operation: str, target: EscalationState, args: dict[str, Any]) -> None: ...

    def set_severity(self, severity: Severity) -> None: ...

    def assign_group(self, group: Group, assigned_to: User | None) -> None: ...

    def add_work_note(self, text: str) -> None: ...

    def notify(self, to: str, people: list[User], subject: str, body: str) -> None: ...


def apply(effects: Iterable[Effect], target: Target) -> None:
    """Check and apply each effect in order; EffectFailed names the element of the first that
    cannot be applied (the caller then rolls the whole action back)."""
    for effect in effects:
        try:
            _apply_one(effect, target)
        except (DomainError, ValueError) as error:
            reason = getattr(error, "message", None) or str(error)
            raise EffectFailed(f"operation {effect.operation}() failed: {reason}",
                               element_id=effect.element_id,
                               element_name=effect.element_name) from error


def _apply_one(effect: Effect, target: Target) -> None:
    name, args = effect.operation, effect.args
    if name in MOVES:
        check_transition(target.state, MOVES[name])
        target.move(name, MOVES[name], args)
    elif name == "set_severity":
        target.set_severity(severities.get_active_by_name_or_raise(str(args["name"])))
    elif name == "assign_group":
        group = lanes.group_by_name(str(args["group"]))
        if group is None:
            raise ValueError(f"there is no group {args['group']!r}")
        assignee = target.parties().assigned_to
        target.assign_group(group, assignee if assignee in group.members else None)
    elif name == "add_work_note":
        target.add_work_note(str(args["text"]))
    elif name == "notify":
        to = str(args["to"])
        target.notify(to, recipients(target.parties(), to), str(args["subject"]),
                      str(args["body"] or ""))
    else:
        raise ValueError(f"{name}() is not an operation of the template contract")


def recipients(who: lanes.Parties, to: str) -> list[User]:
    """The users a `notify` target names for these parties."""
    if to == "requester":
        return [who.requested_by] if who.requested_by else []
    if to == "watchers":
        return list(who.watch_list)
    if to == "approvers":
        return lanes.approvers_for(who)
    if to == "escalation_manager":
        return lanes.resolve_for(lanes.ESCALATION_MANAGER, who)[0]
    raise ValueError(f"notify() sends to one of {', '.join(NOTIFY_TARGETS)}, not {to!r}")


@dataclass
class StoredEscalation:
    """A stored escalation as a target: every effect becomes rows in the current transaction.
    `decider` is who made the decision that led to this step (approved by, declined by)."""

    escalation: Escalation
    actor: User | None
    now: datetime
    decider: User | None = None

    @property
    def state(self) -> str:
        return self.escalation.state

    def parties(self) -> lanes.Parties:
        return lanes.parties(self.escalation)

    def move(self, operation: str, target: EscalationState, args: dict[str, Any]) -> None:
        e, actor = self.escalation, self.actor
        reason, asked_by = str(args.get("reason") or ""), e.de_escalated_by
        fields, note = self._move_details(operation, reason)
        activity.move(e, target, actor=actor, **fields)
        activity.note(e, note, author=actor)
        if operation == "escalate":
            sla.start(e, now=self.now, actor=actor)
        notices.moved(e, operation, actor=actor, asked_by=asked_by, reason=reason)

    def _move_details(self, operation: str, reason: str) -> tuple[dict[str, Any], str]:
        e, decider, now = self.escalation, self.decider, self.now
        label = f"{e.number} ({e.severity.name})"
        if operation == "escalate":
            how = f"approved by {decider.full_name}" if decider else "approval not needed"
            return ({"escalated_at": now, "approved_by": decider},
                    f"Escalation {label} is escalated ({how}).")
        if operation == "decline":
            return ({"closed_at": now, "declined_by": decider, "decline_reason": reason},
                    f"Escalation {label} was declined: {reason or 'no reason given'}")
        if operation == "request_de_escalation":
            return {}, f"De-escalation of {e.number} requested; waiting for approval."
        if operation == "reject_de_escalation":
            return ({"de_escalated_by": None},
                    f"De-escalation of {e.number} was rejected: {reason or 'no reason'}")
        return {"closed_at": now}, f"Escalation {e.number} is de-escalated and closed."

    def set_severity(self, severity: Severity) -> None:
        e = self.escalation
        before = {"severity": e.severity.name}
        changed = severity.id != e.severity_id
        e.severity = severity
        activity.audit_change(e, action="severity", actor=self.actor, before=before,
                              after={"severity": severity.name})
        if changed:
            sla.restart(e, now=self.now, actor=self.actor)
            notices.severity_changed(e, before=before["severity"], actor=self.actor)

    def assign_group(self, group: Group, assigned_to: User | None) -> None:
        e = self.escalation
        before = {"assignment_group": e.assignment_group.name if e.assignment_group else None}
        after = {"assignment_group": group.name}
        if assigned_to is None and e.assigned_to is not None:
            before["assigned_to"], after["assigned_to"] = e.assigned_to.username, None
        e.assignment_group, e.assigned_to = group, assigned_to
        activity.audit_change(e, action="assigned", actor=self.actor, before=before,
                              after=after)

    def add_work_note(self, text: str) -> None:
        activity.note(self.escalation, text, author=self.actor)

    def notify(self, to: str, people: list[User], subject: str, body: str) -> None:
        activity.notify(people, subject=subject, body=body, escalation=self.escalation,
                        kind="process")
