"""The kinds of notification (DESIGN §9's table and a few the app adds): each with the label a
person sees on the preferences page and in lists, who gets it by default, and the topic the
preferences page lists it under."""

from __future__ import annotations

from dataclasses import dataclass

TASKS = "Tasks waiting for you"
ESCALATIONS = "Escalations you take part in"
ADMINS = "For escalation admins"
TOPICS = (TASKS, ESCALATIONS, ADMINS)


@dataclass(frozen=True)
class Kind:
    """One kind of notification."""

    name: str
    label: str
    who: str
    topic: str = ESCALATIONS


KINDS: tuple[Kind, ...] = (
    Kind("approval_waiting", "Approval waiting", "the task's candidates", TASKS),
    Kind("reminder", "Reminder of a waiting task", "the task's candidates", TASKS),
    Kind("handed_on", "Task handed on", "the candidates it was taken from", TASKS),
    Kind("escalated", "Escalated", "requester, watch list, escalation manager"),
    Kind("declined", "Declined", "requester"),
    Kind("severity_changed", "Severity changed", "watch list, escalation manager"),
    Kind("trend_declining", "Trend declining", "watch list, escalation manager"),
    Kind("sla_breached", "SLA breached",
         "escalation manager (or the assignment group's manager), watch list, requester"),
    Kind("de_escalation_requested", "De-escalation requested", "de-escalation approvers",
         TASKS),
    Kind("de_escalation_rejected", "De-escalation rejected", "the person who asked"),
    Kind("closed", "De-escalated and closed",
         "requester, watch list, escalation manager, the person who asked"),
    Kind("process", "Sent by the template's process", "whom the template names"),
    Kind("process_failed", "Process failed", "escalation admins", ADMINS),
    Kind("template_suspended", "Template suspended", "escalation admins", ADMINS),
)
KIND_NAMES = tuple(k.name for k in KINDS)
LABELS = {k.name: k.label for k in KINDS}
