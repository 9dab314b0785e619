"""Standard Case Escalation through the service layer, down every path."""

import pytest

from tests.escalation_world import case_in, request_form
from webapp.common.transactions import boundary
from webapp.errors import InvalidTransition, PermissionDenied, ValidationFailed
from webapp.escalations import effects, lanes, service
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.journal.models import JournalEntry
from webapp.notifications.models import Notification


def _open_tasks():
    return db.session.query(HumanTask).filter_by(state="open").all()


def _case_notes(case):
    return [n.text for n in db.session.query(JournalEntry).filter_by(
        record_type="case", record_id=case.id).order_by(JournalEntry.id)]


def test_request__starts_the_process_and_routes_approval_to_group_and_case_manager(world):
    case = case_in(world)
    with boundary():
        escalation = service.request_escalation(source=case, form=request_form(),
                                                actor=world.alice)
    assert escalation.number == "ESC0000001"
    assert escalation.state == "requested"
    (task,) = _open_tasks()
    assert task.lane == "Approvers"
    assert {u.username for u in task.candidates} == {"bob", "carol"}
    assert {a.approver.username for a in escalation.approvals} == {"bob", "carol"}
    assert case.active_escalation == escalation
    assert db.session.query(Notification).filter_by(subject=(
        f"{escalation.number} Approve escalation waits for you: High Severity, "
        f"{case.account.name} — {case.number}")).count() == 2


def test_approve__escalates_colours_the_case_and_cancels_other_approvals(world):
    case = case_in(world)
    escalation = service.request_escalation(source=case, form=request_form(), actor=world.alice)
    (task,) = _open_tasks()
    with boundary():
        tasks.complete(task_id=task.id, data={"decision": "approve", "comment": "Go"},
                       actor=world.bob)
    db.session.refresh(escalation)
    assert escalation.state == "escalated"
    assert escalation.approved_by == world.bob
    assert escalation.escalated_at == world.clock.now
    states = {a.approver.username: a.state for a in escalation.approvals}
    assert states == {"bob": "approved", "carol": "cancelled"}
    assert case.active_escalation.severity.color == "#d9534f"
    assert _open_tasks() == []
    assert any("is escalated (approved by Bob)" in n for n in _case_notes(case))


def test_reject__declines_with_the_comment_and_frees_the_case(world):
    case = case_in(world)
    escalation = service.request_escalation(source=case, form=request_form(), actor=world.alice)
    (task,) = _open_tasks()
    tasks.complete(task_id=task.id, data={"decision": "reject", "comment": "Not yet"},
                   actor=world.carol)
    db.session.refresh(escalation)
    assert (escalation.state, escalation.declined_by, escalation.decline_reason) == (
        "declined", world.carol, "Not yet")
    db.session.expire_all()
    assert case.active_escalation is None
    again = service.request_escalation(source=case, form=request_form(), actor=world.alice)
    assert again.number == "ESC0000002"


def test_reject_without_comment__is_refused_and_changes_nothing(world):
    case = case_in(world)
    escalation = service.request_escalation(source=case, form=request_form(), actor=world.alice)
    (task,) = _open_tasks()
    with pytest.raises(ValidationFailed) as caught:
        tasks.complete(task_id=task.id, data={"decision": "reject", "comment": " "},
                       actor=world.bob)
    assert "comment" in caught.value.fields
    db.session.refresh(escalation)
    assert escalation.state == "requested"
    assert [t.id for t in _open_tasks()] == [task.id]


def test_skip_approval__escalates_at_once(world):
    template = service.templates.get_by_name("Standard Case Escalation")
    template.skip_approval = True
    db.session.commit()
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    assert escalation.state == "escalated"
    assert escalation.approved_by is None
    assert _open_tasks() == []


def test_nobody_to_approve__escalates_at_once(world):
    world.approvers.members = []
    world.tier1.manager = None
    db.session.commit()
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    assert escalation.state == "escalated"


def test_de_escalate__closes_clears_the_colour_and_tells_the_story(world):
    case = case_in(world)
    escalation = service.request_escalation(source=case, form=request_form(), actor=world.alice)
    (task,) = _open_tasks()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    service.de_escalate(escalation=escalation, justification="Fixed", actor=world.alice)
    db.session.refresh(escalation)
    assert escalation.state == "closed"
    assert escalation.de_escalated_by == world.alice
    assert escalation.de_escalation_justification == "Fixed"
    db.session.expire_all()
    assert case.active_escalation is None
    instance = db.session.query(WorkflowInstance).one()
    assert instance.status == "completed"
    notes = "\n".join(_case_notes(case))
    for text in ("requested (High Severity)", "is escalated", "de-escalated and closed"):
        assert text in notes


def test_second_active_escalation__is_a_conflict(world):
    case = case_in(world)
    service.request_escalation(source=case, form=request_form(), actor=world.alice)
    with pytest.raises(InvalidTransition, match="already has an active escalation"):
        service.request_escalation(source=case, form=request_form(), actor=world.alice)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"severity": "Apocalyptic"}, "severity"), ({"template": "Nope"}, "template"),
     ({"template": "Standard Account Escalation"}, "template"),
     ({"justification": "  "}, "justification"), ({"reason": "boredom"}, "reason"),
     ({"request_source": "psychic"}, "request_source"), ({"watch_list": ["ghost"]}, "watch_list")],
)
def test_request__bad_input_names_the_field_and_creates_nothing(world, overrides, field):
    case = case_in(world)
    with pytest.raises(ValidationFailed) as caught:
        service.request_escalation(source=case, form=request_form(**overrides),
                                   actor=world.alice)
    assert field in caught.value.fields
    db.session.rollback()
    assert db.session.query(WorkflowInstance).count() == 0
    assert case.active_escalation is None


def test_request__needs_the_requester_role(world):
    with pytest.raises(PermissionDenied):
        service.request_escalation(source=case_in(world), form=request_form(), actor=world.bob)


def test_de_escalate__a_declined_escalation_is_refused(world):
    case = case_in(world)
    escalation = service.request_escalation(source=case, form=request_form(), actor=world.alice)
    (task,) = _open_tasks()
    tasks.complete(task_id=task.id, data={"decision": "reject", "comment": "No"}, actor=world.bob)
    with pytest.raises(InvalidTransition, match="only an escalated escalation"):
        service.de_escalate(escalation=escalation, justification="x", actor=world.alice)


def test_de_escalate__needs_a_justification(world):
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    with pytest.raises(ValidationFailed):
        service.de_escalate(escalation=escalation, justification="", actor=world.alice)


def test_complete_task__not_a_candidate_is_refused(world):
    service.request_escalation(source=case_in(world), form=request_form(), actor=world.alice)
    (task,) = _open_tasks()
    with pytest.raises(PermissionDenied):
        tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.dave)


def test_complete_task__already_decided_is_a_conflict(world):
    service.request_escalation(source=case_in(world), form=request_form(), actor=world.alice)
    (task,) = _open_tasks()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    with pytest.raises(InvalidTransition, match="already decided"):
        tasks.complete(task_id=task.id, data={"decision": "reject", "comment": "x"},
                       actor=world.carol)


@pytest.mark.parametrize("state", ["resolved", "closed", "cancelled"])
def test_request__only_open_cases_can_be_escalated(world, state):
    case = case_in(world, state=state)
    with pytest.raises(InvalidTransition, match="only open cases can be escalated"):
        service.request_escalation(source=case, form=request_form(), actor=world.alice)
    assert db.session.query(WorkflowInstance).count() == 0


def test_request__a_case_escalation_may_name_its_escalation_manager(world):
    escalation = service.request_escalation(source=case_in(world), actor=world.alice,
                                            form=request_form(assigned_to="dave"))
    assert escalation.assigned_to == world.dave
    assert effects.recipients(lanes.parties(escalation), "escalation_manager") == [world.dave]
