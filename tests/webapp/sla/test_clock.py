"""An escalation's SLA clock: it starts when the escalation is escalated, restarts from a
severity change on the new response time, and stops counting when the escalation closes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.webapp.sla.helpers import approve, berlin_office, escalated, history, requested
from webapp.errors import InvalidTransition
from webapp.escalations import effects, manage, service
from webapp.escalations.manage import EscalationChanges
from webapp.escalations.process.models import WorkflowInstance
from webapp.escalations.process.runner import WAITING_FOR_LENGTH, waiting_for
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.severity import service as severities
from workflows import Outcome, Status, StatusKind, WaitingEvent

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_requested_escalation__has_no_clock_yet(world):
    escalation = requested(world)
    assert (escalation.sla_due_at, escalation.sla_breached_at) == (None, None)


def test_escalated__starts_the_clock_on_the_severitys_response_time(world):
    escalation = requested(world)
    world.clock.advance(minutes=30)
    approve(world, escalation)
    assert escalation.sla_due_at == world.clock.now + timedelta(hours=4)
    (entry,) = history(escalation, "sla_started")
    assert (entry.before, entry.after) == ({}, {
        "sla_due": "2026-11-27 13:30 UTC", "response_time": "4 hours, 24×7"})


def test_escalated_without_approval__starts_the_clock_at_the_request(world):
    world.approvers.members = []
    world.tier1.manager = None
    escalation = requested(world, severity="Medium Severity")
    assert escalation.state == "escalated"
    assert escalation.sla_due_at == world.clock.now + timedelta(hours=8)


def test_a_severity_change__restarts_the_clock_from_the_change(world):
    escalation = escalated(world)
    world.clock.advance(hours=3)
    manage.update(escalation=escalation, changes=EscalationChanges(severity="Medium Severity"),
                  actor=world.alice)
    assert escalation.sla_due_at == world.clock.now + timedelta(hours=8)
    first, second = history(escalation, "sla_started")
    assert (second.before, second.after) == (
        {"sla_due": "2026-11-27 13:00 UTC"},
        {"sla_due": "2026-11-27 20:00 UTC", "response_time": "8 hours, 24×7"})


def test_a_severity_change__clears_a_breach_so_the_new_sla_may_breach_again(world):
    escalation = escalated(world)
    world.clock.advance(hours=5)
    escalation.sla_breached_at = world.clock.now
    manage.update(escalation=escalation, changes=EscalationChanges(severity="Medium Severity"),
                  actor=world.alice)
    assert escalation.sla_breached_at is None
    assert escalation.sla_due_at == world.clock.now + timedelta(hours=8)
    restarted = history(escalation, "sla_started")[-1]
    assert restarted.before["sla_breached"] == "2026-11-27 14:00 UTC"
    assert restarted.after["sla_breached"] is None


def test_a_severity_change_before_escalation__leaves_the_clock_to_start_on_the_new_one(world):
    escalation = requested(world)
    manage.update(escalation=escalation, changes=EscalationChanges(severity="Medium Severity"),
                  actor=world.alice)
    assert escalation.sla_due_at is None and history(escalation, "sla_started") == []
    world.clock.advance(hours=1)
    approve(world, escalation)
    assert escalation.sla_due_at == world.clock.now + timedelta(hours=8)


def test_the_set_severity_operation__restarts_the_clock_too(world):
    escalation = escalated(world)
    world.clock.advance(hours=1)
    target = effects.StoredEscalation(escalation, None, world.clock.now)
    target.set_severity(severities.get_by_name("Medium Severity"))
    assert escalation.sla_due_at == world.clock.now + timedelta(hours=8)
    due = escalation.sla_due_at
    target.set_severity(severities.get_by_name("Medium Severity"))  # the same: no restart
    assert escalation.sla_due_at == due and len(history(escalation, "sla_started")) == 2


def test_closing__keeps_the_due_time_for_the_record_and_a_later_change_is_refused(world):
    escalation = escalated(world)
    due = escalation.sla_due_at
    world.clock.advance(hours=1)
    service.de_escalate(escalation=escalation, justification="Fixed", actor=world.alice)
    assert (escalation.state, escalation.sla_due_at) == ("closed", due)
    with pytest.raises(InvalidTransition):
        manage.update(escalation=escalation,
                      changes=EscalationChanges(severity="Medium Severity"), actor=world.alice)
    assert escalation.sla_due_at == due


def test_a_business_hours_severity__friday_afternoon_in_berlin_is_due_monday_at_eleven(world):
    berlin_office(world)
    world.clock.now = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # Friday 15:00 in Berlin
    escalation = escalated(world)
    assert escalation.sla_due_at == datetime(2026, 11, 30, 11, 0, tzinfo=BERLIN)
    assert history(escalation, "sla_started")[0].after == {
        "sla_due": "2026-11-30 10:00 UTC", "response_time": "4 hours in Berlin office"}


def test_waiting_for__names_the_messages_the_process_waits_for(world):
    escalation = requested(world)
    instance = db.session.query(WorkflowInstance).one()
    assert instance.waiting_for == ""  # waiting for a person, not a message
    approve(world, escalation)
    assert instance.waiting_for == "de-escalate"
    service.de_escalate(escalation=escalation, justification="Fixed", actor=world.alice)
    assert (instance.status, instance.waiting_for) == ("completed", "")


def test_waiting_for__keeps_what_fits_its_column():
    names = [f"message-{n:03}" for n in range(40)]
    outcome = Outcome(state="", status=Status(StatusKind.WAITING), tasks=(), effects=(),
                      waiting=tuple(WaitingEvent("e", None, "message", n) for n in names) +
                      (WaitingEvent("t", None, "timer", "PT1H"),))
    kept = waiting_for(outcome)
    assert len(kept) <= WAITING_FOR_LENGTH and kept.startswith("message-000,message-001,")
    assert "PT1H" not in kept


def test_rejected_decision_on_level_two__never_starts_a_clock(world):
    escalation = requested(world, template="Critical Case Escalation")
    task_id = db.session.query(WorkflowInstance).one().tasks[0].id
    tasks.complete(task_id=task_id, data={"decision": "reject", "comment": "No"},
                   actor=world.bob)
    db.session.refresh(escalation)
    assert (escalation.state, escalation.sla_due_at) == ("declined", None)
