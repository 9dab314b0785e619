"""Escalations on the world's clock, for the SLA tests."""

from __future__ import annotations

from datetime import time

from tests.escalation_world import case_in, request_form
from webapp.audit.models import AuditEntry
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.journal.models import JournalEntry
from webapp.notifications.models import Notification
from webapp.severity import schedules
from webapp.severity import service as severities


def requested(world, **form) -> Escalation:
    """A case escalation alice requested, waiting for approval."""
    return service.request_escalation(source=case_in(world), form=request_form(**form),
                                      actor=world.alice)


def decide(world, escalation: Escalation, decision: str) -> Escalation:
    """The first open task of the escalation decided by bob (or carol, on level 2)."""
    task = db.session.query(HumanTask).filter_by(state="open").order_by(HumanTask.id).first()
    approver = world.bob if world.bob in task.candidates else world.carol
    data = {"decision": decision, "comment": "Not now" if decision == "reject" else ""}
    tasks.complete(task_id=task.id, data=data, actor=approver)
    db.session.refresh(escalation)
    return escalation


def approve(world, escalation: Escalation) -> Escalation:
    """The escalation approved, so escalated."""
    decide(world, escalation, "approve")
    assert escalation.state == "escalated"
    return escalation


def escalated(world, **form) -> Escalation:
    """A case escalation alice requested and bob approved at the world clock's time."""
    return approve(world, requested(world, **form))


def berlin_office(world, severity: str = "High Severity"):
    """Mon–Fri 09:00–17:00 Europe/Berlin, named by `severity`."""
    schedule = schedules.create(name="Berlin office", time_zone="Europe/Berlin", days="12345",
                                day_start=time(9), day_end=time(17), holidays=[],
                                actor=world.pat)
    severities.update(severity=severities.get_by_name(severity),
                      changes={"schedule_id": schedule.id}, actor=world.pat)
    return schedule


def history(escalation: Escalation, action: str) -> list[AuditEntry]:
    """The escalation's audit entries of one action, oldest first."""
    return list(db.session.query(AuditEntry).filter_by(
        record_type="escalation", record_id=escalation.id, action=action).order_by(AuditEntry.id))


def notes(record_type: str, record_id: int) -> list[str]:
    """A record's journal texts, oldest first."""
    return [n.text for n in db.session.query(JournalEntry).filter_by(
        record_type=record_type, record_id=record_id).order_by(JournalEntry.id)]


def told(kind: str) -> list[tuple[str, str]]:
    """(recipient, subject) of each notification of a kind, by recipient."""
    return sorted((n.recipient.username, n.subject)
                  for n in db.session.query(Notification).filter_by(kind=kind))
