"""What an escalation leaves behind: state moves, audit rows, work notes and notifications."""

from __future__ import annotations

from typing import Any

from webapp.audit import service as audit
from webapp.auth.models import User
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.states import EscalationState, check_transition
from webapp.journal import service as journal
from webapp.journal.models import EntryKind
from webapp.notifications import service as notifications


def audit_change(escalation: Escalation, *, action: str, actor: User | None,
                 before: dict[str, Any], after: dict[str, Any]) -> None:
    """Record a change of the escalation in the audit log."""
    audit.record(record_type="escalation", record_id=escalation.id, action=action,
                 actor=actor, before=before, after=after)


def move(escalation: Escalation, target: EscalationState, *, actor: User | None,
         **fields: Any) -> None:
    """Move the escalation to `target` through the transition table, audited."""
    check_transition(escalation.state, target)
    before = {"state": escalation.state}
    escalation.state = target.value
    for name, value in fields.items():
        setattr(escalation, name, value)
    audit_change(escalation, action=target.value, actor=actor, before=before,
                 after={"state": target.value})


def note(escalation: Escalation, text: str, *, author: User | None,
         kind: EntryKind = EntryKind.WORK_NOTE) -> None:
    """Add a journal entry on the escalation; a case escalation copies it to the case work notes."""
    text = journal.clip(text)
    journal.add_entry(record_type="escalation", record_id=escalation.id, author=author,
                      text=text, kind=kind)
    if escalation.case is not None:
        label = "Comment: " if kind is EntryKind.COMMENT else ""
        journal.add_entry(record_type="case", record_id=escalation.case.id, author=author,
                          text=journal.clip(f"[{escalation.number}] {label}{text}"),
                          kind=EntryKind.WORK_NOTE)


def subject_of(escalation: Escalation, what: str) -> str:
    """A notification's subject: the number, what happened, the severity and whose escalation
    it is (`ESC0000012 escalated: High Severity, Northwind Traders — CS0000042`)."""
    return (f"{escalation.number} {what}: {escalation.severity.name}, "
            f"{escalation.account.name} — {escalation.source_number}")


def notify(users: list[User], *, subject: str, body: str, escalation: Escalation,
           kind: str) -> int:
    """Queue one notification per distinct active user; return how many were queued."""
    return notifications.queue(users, subject=subject, body=body, record_type="escalation",
                               record_id=escalation.id, kind=kind)


def hand_on(escalation: Escalation, *, why: str, handed: list[HumanTask],
            taking: list[HumanTask]) -> None:
    """A timer moved waiting tasks on: say so in a work note and the history, and tell the
    people the tasks were taken from (the new tasks' candidates hear of theirs as usual)."""
    to = ", ".join(t.name for t in taking) or "the next step"
    text = f"{why}: handed to {to}."
    note(escalation, text, author=None)
    audit_change(escalation, action="handed_on", actor=None,
                 before={"task": ", ".join(t.name for t in handed)}, after={"task": to})
    for task in handed:
        notify(list(task.candidates), subject=subject_of(escalation, f"{task.name} handed on"),
               body=text, escalation=escalation, kind="handed_on")
