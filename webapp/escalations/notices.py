"""Who the app tells, by itself, what happened to an escalation (DESIGN §9's table); a template's
`notify()` adds to these, it does not replace them.

Two rules hold for every event:

- One message per person per event: the people an event concerns are gathered first, and each
  distinct person gets one notification (a requester who also watches hears of it once).
- Whoever did the action is not told about it: they have just seen it happen, and a mail
  would tell them nothing new. ServiceNow sends to watchers regardless; we keep that for
  everyone else. A step no person took (a timer, the worker) tells everyone concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from webapp.auth import service as users
from webapp.auth.models import User
from webapp.auth.roles import Role
from webapp.escalations import activity
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.sla_status import duration_words
from webapp.escalations.states import EscalationState
from webapp.escalations.templates.models import EscalationTemplate
from webapp.notifications import service as notifications


def escalation_manager(escalation: Escalation) -> list[User]:
    """Who hears of an escalation as its manager: whoever it is assigned to, else the manager
    of its assignment group (as for an SLA breach; the group's members are not all told)."""
    if escalation.assigned_to is not None:
        return [escalation.assigned_to]
    group = escalation.assignment_group
    return [group.manager] if group is not None and group.manager is not None else []


def _told(escalation: Escalation, kind: str, people: Iterable[User | None], *, what: str,
          body: str, actor: User | None) -> int:
    others = [p for p in people if p is not None and (actor is None or p.id != actor.id)]
    return activity.notify(others, subject=activity.subject_of(escalation, what), body=body,
                           escalation=escalation, kind=kind)


def moved(escalation: Escalation, operation: str, *, actor: User | None,
          asked_by: User | None, reason: str) -> None:
    """Tell the people the table names about a move of the escalation's state. `asked_by` is
    who asked for the de-escalation, read before the move (a rejection forgets it). A request
    for de-escalation is told by its approval task (see `task_opened`), not here."""
    e = escalation
    requester, watchers, managers = [e.requested_by], list(e.watch_list), escalation_manager(e)
    if operation == "escalate":
        _told(e, "escalated", [*requester, *watchers, *managers], what="escalated",
              body=f"{_source(e)} is escalated with {e.severity.name}. Justification: "
                   f"{e.justification}", actor=actor)
    elif operation == "decline":
        _told(e, "declined", requester, what="declined",
              body=f"Your escalation of {_source(e)} was declined: "
                   f"{reason or 'no reason given'}", actor=actor)
    elif operation == "reject_de_escalation":
        _told(e, "de_escalation_rejected", [asked_by], what="de-escalation rejected",
              body=f"The de-escalation you asked for was rejected: {reason or 'no reason given'}"
                   f". {e.number} stays escalated.", actor=actor)
    elif operation == "close":
        _told(e, "closed", [*requester, *watchers, *managers, asked_by],
              what="de-escalated and closed",
              body=f"{_source(e)} is no longer escalated. Justification: "
                   f"{e.de_escalation_justification or 'none given'}", actor=actor)


def severity_changed(escalation: Escalation, *, before: str, actor: User | None) -> None:
    """Tell the watch list and the escalation manager about a new severity."""
    _change_told(escalation, "severity_changed", "severity changed",
                 f"Severity changed from {before} to {escalation.severity.name}", actor)


def trend_declining(escalation: Escalation, *, before: str, actor: User | None) -> None:
    """Tell the watch list and the escalation manager that the customer's trend declines."""
    _change_told(escalation, "trend_declining", "trend declining",
                 f"Trend changed from {before} to declining", actor)


def _change_told(escalation: Escalation, kind: str, what: str, change: str,
                 actor: User | None) -> None:
    by = f" by {actor.full_name}" if actor else ""
    _told(escalation, kind, [*escalation.watch_list, *escalation_manager(escalation)],
          what=what, body=f"{change}{by}.", actor=actor)


def task_opened(escalation: Escalation, task: HumanTask) -> None:
    """Tell a new task's candidates it waits for them. A task opened while a de-escalation is
    requested is that de-escalation's approval: its candidates hear of the request (one
    message, of kind `de_escalation_requested`) instead of a plain `approval_waiting`."""
    e = escalation
    if e.state == EscalationState.DE_ESCALATION_REQUESTED.value:
        kind, what = "de_escalation_requested", "de-escalation requested"
        body = (f"{task.name} waits for you. Justification: "
                f"{e.de_escalation_justification or 'none given'}")
    else:
        kind, what = "approval_waiting", f"{task.name} waits for you"
        body = f"A task waits for you on escalation {e.number}."
    notifications.queue(list(task.candidates), subject=activity.subject_of(e, what), body=body,
                        record_type="task", record_id=task.id, kind=kind)


def remind(escalation: Escalation, task: HumanTask, *, age: timedelta) -> None:
    """Remind a task's candidates that it still waits for them, and for how long."""
    waited = duration_words(age)
    notifications.queue(
        list(task.candidates), subject=activity.subject_of(
            escalation, f"{task.name} still waits for you ({waited})"),
        body=f"{task.name} on escalation {escalation.number} has waited {waited}.",
        record_type="task", record_id=task.id, kind="reminder")


def process_failed(*, where: str, message: str, escalation: Escalation | None,
                   template: EscalationTemplate) -> None:
    """Tell the escalation admins that a process stopped on an element: an escalation's, or
    (at the start, when no escalation was made) the template's. An admin who has not yet
    read the last such notice about the same record is not told again."""
    admins = users.list_holding(Role.ESCALATION_ADMIN)
    text = f"The process stopped at {where}: {message}"
    if escalation is not None:
        record_type, record_id = "escalation", escalation.id
        subject = activity.subject_of(escalation, "process failed")
        body = f"{text} Nothing the step did was kept; the escalation waits for a fix."
    else:
        record_type, record_id = "template", template.id
        subject = f"{template.name}: a new escalation's process failed"
        body = f"{text} The escalation was not requested; the template needs fixing."
    unread = notifications.unread_about(kind="process_failed", record_type=record_type,
                                        record_id=record_id)
    notifications.queue([a for a in admins if a.id not in unread], subject=subject,
                        body=body, record_type=record_type, record_id=record_id,
                        kind="process_failed")


def _source(escalation: Escalation) -> str:
    if escalation.case is not None:
        return f"Case {escalation.case.number} ({escalation.case.short_description})"
    return f"Account {escalation.account.name} ({escalation.account.number})"
