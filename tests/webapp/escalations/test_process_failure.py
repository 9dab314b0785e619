"""A template that makes an illegal move: the instance is marked failed, the records stay put."""


import pytest

from tests.escalation_world import case_in, publish_with_escalate_script, request_form
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.process.runner import ProcessFailed
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates import service as templates
from webapp.extensions import db


def test_illegal_move_after_approval__marks_the_instance_failed_and_keeps_records(world):
    name = publish_with_escalate_script(world, "escalate()\nclose()\nclose()")
    case = case_in(world)
    with boundary():
        escalation = service.request_escalation(source=case, form=request_form(template=name),
                                                actor=world.alice)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    with pytest.raises(ProcessFailed, match="stopped at Escalate"), boundary():
        tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    db.session.expire_all()
    assert db.session.get(Escalation, escalation.id).state == "requested"
    instance = db.session.query(WorkflowInstance).one()
    assert (instance.status, instance.error_element) == ("error", "Task_Escalate")
    assert "cannot become closed" in instance.error_message
    assert db.session.get(HumanTask, task.id).state == "open"
    assert case.active_escalation.number == escalation.number


def test_illegal_move_at_start__refuses_the_request_and_creates_nothing(world):
    name = publish_with_escalate_script(world, "close()\nescalate()")
    templates.get_by_name(name).skip_approval = True
    db.session.commit()
    case = case_in(world)
    with pytest.raises(ProcessFailed, match="cannot become closed"), boundary():
        service.request_escalation(source=case, form=request_form(template=name),
                                   actor=world.alice)
    assert db.session.query(Escalation).count() == 0
    assert case.active_escalation is None
