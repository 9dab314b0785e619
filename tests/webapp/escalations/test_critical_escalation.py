"""Critical Case Escalation: two approval levels, the one-hour handover, approved de-escalation."""

import pytest

from tests.escalation_world import case_in, request_form
from webapp.audit.models import AuditEntry
from webapp.errors import InvalidTransition
from webapp.escalations import service
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.process.worker import due_ids, run_pass
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.journal.models import JournalEntry
from webapp.notifications.models import Notification

CRITICAL = "Critical Case Escalation"


def _open_task():
    (task,) = db.session.query(HumanTask).filter_by(state="open").all()
    return task


@pytest.fixture
def escalation(world):
    return service.request_escalation(source=case_in(world), form=request_form(template=CRITICAL),
                                      actor=world.alice)


def _escalated(world, escalation):
    tasks.complete(task_id=_open_task().id, data={"decision": "approve"}, actor=world.bob)
    db.session.refresh(escalation)
    assert escalation.state == "escalated"


def test_level_one__goes_to_the_approval_group_with_a_timer_indexed(world, escalation):
    task = _open_task()
    assert (task.lane, [u.username for u in task.candidates]) == ("Approval group", ["bob"])
    instance = db.session.query(WorkflowInstance).one()
    assert instance.next_timer_due == world.clock.now.replace(hour=10)


def test_level_two__takes_over_when_the_hour_passes(world, escalation):
    first = _open_task()
    world.clock.advance(minutes=59)
    assert run_pass(now=world.clock.now) == 0
    assert _open_task().id == first.id
    world.clock.advance(minutes=1)
    assert due_ids(now=world.clock.now) != []
    assert run_pass(now=world.clock.now) == 1
    db.session.expire_all()
    assert db.session.get(HumanTask, first.id).state == "cancelled"
    second = _open_task()
    assert (second.lane, [u.username for u in second.candidates]) == ("Group manager", ["carol"])
    assert {a.approver.username: a.state for a in escalation.approvals} == {
        "bob": "cancelled", "carol": "requested"}
    tasks.complete(task_id=second.id, data={"decision": "approve"}, actor=world.carol)
    db.session.refresh(escalation)
    assert (escalation.state, escalation.approved_by) == ("escalated", world.carol)
    assert db.session.query(WorkflowInstance).one().next_timer_due is None


def test_worker_command__fires_due_timers_once(app, world, escalation):
    world.clock.advance(hours=2)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "Fired the timers of 1 instance(s)." in result.output
    assert _open_task().lane == "Group manager"


def test_de_escalation__waits_for_escalation_management_then_closes(world, escalation):
    _escalated(world, escalation)
    service.de_escalate(escalation=escalation, justification="Stable now", actor=world.alice)
    db.session.refresh(escalation)
    assert escalation.state == "de_escalation_requested"
    task = _open_task()
    assert (task.lane, [u.username for u in task.candidates]) == (
        "Escalation Management", ["dave"])
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.dave)
    db.session.refresh(escalation)
    assert escalation.state == "closed"
    assert escalation.de_escalated_by == world.alice


def test_de_escalation_rejected__returns_to_escalated_and_can_be_asked_again(world, escalation):
    _escalated(world, escalation)
    service.de_escalate(escalation=escalation, justification="Maybe", actor=world.alice)
    decided = _open_task().id
    tasks.complete(task_id=decided, data={"decision": "reject", "comment": "Not yet"},
                   actor=world.dave)
    db.session.refresh(escalation)
    assert escalation.state == "escalated"
    assert escalation.de_escalated_by is None
    assert db.session.query(HumanTask).filter_by(state="open").count() == 0
    with pytest.raises(InvalidTransition):
        tasks.complete(task_id=decided, data={"decision": "approve"}, actor=world.dave)
    service.de_escalate(escalation=escalation, justification="Now it is", actor=world.alice)
    tasks.complete(task_id=_open_task().id, data={"decision": "approve"}, actor=world.dave)
    db.session.refresh(escalation)
    assert escalation.state == "closed"


def test_level_two_handover__is_written_down_and_told_to_both_levels(world, escalation):
    world.clock.advance(hours=1)
    assert run_pass(now=world.clock.now) == 1
    text = "Not decided within 1 hour: handed to Approve escalation (level 2)."
    notes = db.session.query(JournalEntry).filter_by(record_type="escalation",
                                                     record_id=escalation.id)
    assert text in [n.text for n in notes]
    handed = db.session.query(AuditEntry).filter_by(record_type="escalation",
                                                    record_id=escalation.id, action="handed_on")
    assert [(h.before, h.after) for h in handed] == [
        ({"task": "Approve escalation"}, {"task": "Approve escalation (level 2)"})]
    told = {(n.recipient.username, n.kind) for n in db.session.query(Notification)}
    assert ("bob", "handed_on") in told and ("carol", "approval_waiting") in told
    (bobs,) = [n for n in db.session.query(Notification) if n.kind == "handed_on"]
    assert bobs.body == text


def test_level_two_handover__reads_plainly_in_the_history(world, escalation, as_user):
    world.clock.advance(hours=1)
    run_pass(now=world.clock.now)
    page = as_user("alice").get(f"/escalations/{escalation.number}").text
    assert "Handed on" in page and "Handed_on" not in page
    assert "Not decided within 1 hour: handed to Approve escalation (level 2)." in page
