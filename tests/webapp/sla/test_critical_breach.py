"""A breach on the Critical Case template: the process is told, and hands the escalation to
Escalation Management (assignment group set, its people told, a work note), while the wait for
de-escalation goes on."""

from tests.builders import make_user
from tests.webapp.sla.helpers import approve, escalated, history, notes, requested, told
from webapp.escalations import service
from webapp.escalations.process import worker
from webapp.escalations.process.breaches import run_pass
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db

CRITICAL = "Critical Case Escalation"
NOTE = "SLA breached: High Severity response time of 4 hours passed at 2026-11-27 13:00 UTC."
HANDED = "SLA breached: handed to Escalation Management."


def _instance(escalation) -> WorkflowInstance:
    return db.session.query(WorkflowInstance).filter_by(escalation_id=escalation.id).one()


def test_escalated__the_process_waits_for_de_escalation_and_for_a_breach(world):
    escalation = escalated(world, template=CRITICAL)
    assert _instance(escalation).waiting_for == "de-escalate,sla-breached"


def test_a_breach__routes_the_escalation_to_escalation_management(world):
    escalation = escalated(world, template=CRITICAL)
    world.clock.advance(hours=4)
    assert run_pass(now=world.clock.now) == 1
    db.session.refresh(escalation)
    assert escalation.assignment_group == world.management
    assert escalation.sla_breached_at == world.clock.now
    assert notes("escalation", escalation.id)[-2:] == [NOTE, HANDED]
    assert notes("case", escalation.case_id)[-2:] == [
        f"[{escalation.number}] {NOTE}", f"[{escalation.number}] {HANDED}"]
    (assigned,) = history(escalation, "assigned")
    assert (assigned.before, assigned.after) == ({"assignment_group": None},
                                                 {"assignment_group": "Escalation Management"})
    assert len(history(escalation, "sla_breached")) == 1
    # The template tells the group's members; the defaults tell the group's manager (the
    # escalation manager once the escalation is theirs) and the requester.
    assert told("process")[-1] == ("dave", f"Escalation {escalation.number} breached its SLA")
    subject = f"{escalation.number}: SLA breached (High Severity)"
    assert told("sla_breached") == [("alice", subject), ("carol", subject)]
    assert _instance(escalation).waiting_for == "de-escalate"


def test_after_the_breach__de_escalation_still_goes_to_escalation_management(world):
    escalation = escalated(world, template=CRITICAL)
    world.clock.advance(hours=4)
    run_pass(now=world.clock.now)
    assert run_pass(now=world.clock.now) == 0  # told once
    service.de_escalate(escalation=escalation, justification="Back to normal",
                        actor=world.alice)
    (task,) = db.session.query(HumanTask).filter_by(state="open").all()
    assert (task.lane, [u.username for u in task.candidates]) == (
        "Escalation Management", ["dave"])
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.dave)
    db.session.refresh(escalation)
    assert escalation.state == "closed"


def test_an_assigned_manager_outside_the_group__is_replaced_by_the_group(world):
    make_user(username="emma", roles=["escalation_manager"])
    escalation = escalated(world, template=CRITICAL, assigned_to="emma")
    world.clock.advance(hours=4)
    run_pass(now=world.clock.now)
    db.session.refresh(escalation)
    assert (escalation.assignment_group, escalation.assigned_to) == (world.management, None)
    assert history(escalation, "assigned")[0].before == {"assignment_group": None,
                                                         "assigned_to": "emma"}
    assert "emma" not in [who for who, _ in told("sla_breached")]


def test_an_escalation_manager_in_the_group__stays_assigned_and_is_the_one_told(world):
    escalation = escalated(world, template=CRITICAL, assigned_to="dave")
    world.clock.advance(hours=4)
    run_pass(now=world.clock.now)
    db.session.refresh(escalation)
    assert escalation.assigned_to == world.dave
    assert [who for who, _ in told("sla_breached")] == ["alice", "dave"]


def test_a_breach_path_that_fails__marks_the_process_failed_and_the_breach_next_pass(world):
    escalation = escalated(world, template=CRITICAL)
    world.management.name = "Escalation Desk"  # the template hands to a group no longer there
    world.clock.advance(hours=4)
    assert run_pass(now=world.clock.now) == 0
    instance = _instance(escalation)
    db.session.refresh(instance)
    db.session.refresh(escalation)
    assert instance.status == "error"
    assert "there is no group 'Escalation Management'" in instance.error_message
    assert (escalation.sla_breached_at, escalation.assignment_group) == (None, None)
    assert notes("escalation", escalation.id)[-1] != NOTE  # nothing of the failed step kept
    assert run_pass(now=world.clock.now) == 1  # no process to tell now: marked with the bulk
    assert notes("escalation", escalation.id)[-1] == NOTE


def test_approved_at_level_two__waits_for_a_breach_too(world):
    escalation = requested(world, template=CRITICAL)
    world.clock.advance(hours=1)
    worker.run_pass(now=world.clock.now)  # the hour passed: level 2 decides
    approve(world, escalation)
    assert escalation.approved_by == world.carol
    world.clock.advance(hours=4)
    assert run_pass(now=world.clock.now) == 1
    db.session.refresh(escalation)
    assert escalation.assignment_group == world.management
