"""Each action ends its transaction in one place: kept when it went through, undone when it
failed, with a failed process remembered after the rollback."""

import pytest

from tests.escalation_world import case_in, request_form
from tests.webapp.jail.bombs import publish_escalate_bomb
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.models import Approval, Escalation
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.extensions import db
from webapp.severity.models import Severity


def _requested(world, **form) -> Escalation:
    with boundary():
        return service.request_escalation(source=case_in(world), actor=world.alice,
                                          form=request_form(**form))


def test_boundary__keeps_what_went_through(app):
    with boundary():
        db.session.add(Severity(name="Kept", color="#123456", order=9, response_time="PT1H"))
    db.session.expire_all()
    assert db.session.query(Severity).filter_by(name="Kept").count() == 1


def test_boundary__undoes_a_failure_then_writes_what_it_must_remember(app):
    class Failed(Exception):
        def remember(self):
            db.session.add(Severity(name="Remembered", color="#123456", order=8,
                                    response_time="PT1H"))

    with pytest.raises(Failed), boundary():
        db.session.add(Severity(name="Undone", color="#654321", order=7, response_time="PT1H"))
        db.session.flush()
        raise Failed()
    db.session.expire_all()
    names = {s.name for s in db.session.query(Severity)}
    assert "Remembered" in names and "Undone" not in names


def test_form_post_refused_after_a_change__keeps_nothing(world, as_user):
    _requested(world)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    # The task is marked done before the engine refuses the form: the 400 undoes that.
    response = as_user("bob").post(f"/tasks/{task.id}", data={"decision": "maybe"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(HumanTask, task.id).state == "open"
    assert {a.state for a in db.session.query(Approval)} == {"requested"}


def test_failed_process_over_http__is_remembered_after_the_rollback(world, as_user):
    escalation = _requested(world, template=publish_escalate_bomb(world, "close()"))
    task = db.session.query(HumanTask).filter_by(state="open").one()
    response = as_user("bob").post(f"/tasks/{task.id}", data={"decision": "approve"})
    assert response.status_code == 409
    assert "stopped at Escalate" in response.text
    db.session.expire_all()
    assert db.session.get(Escalation, escalation.id).state == "requested"
    assert db.session.get(HumanTask, task.id).state == "open"
    instance = db.session.query(WorkflowInstance).one()
    assert (instance.status, instance.error_element) == ("error", "Task_Escalate")
