"""Moving running escalations to a newer version: where safe, else refused with the reason."""

import pytest

from tests.escalation_world import case_in, request_form
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.process.runner import ProcessFailed
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates import service as templates
from webapp.extensions import db


def _publish(client, template, xml):
    response = client.post(f"/admin/templates/{template.id}/publish", json={"xml": xml})
    assert response.status_code == 200, response.json


def test_waiting_approval_moves_and_gets_the_new_form(as_user, world):
    waiting = service.request_escalation(source=case_in(world), form=request_form(),
                                         actor=world.alice)
    template = templates.get_by_name("Standard Case Escalation")
    xml = template.latest_version.bpmn_xml.replace(
        '<camunda:formField id="comment"',
        '<camunda:formField id="impact" label="Customer impact" type="string" />'
        '<camunda:formField id="comment"', 1)
    client = as_user("pat")
    _publish(client, template, xml)
    page = client.get(f"/admin/templates/{template.id}/versions").text
    assert waiting.number in page and "can move" in page
    moved = client.post(f"/admin/templates/{template.id}/versions/2/move", follow_redirects=True)
    assert f"Moved to version 2: {waiting.number}." in moved.text
    db.session.expire_all()
    assert db.session.get(Escalation, waiting.id).template_version.number == 2
    task = db.session.query(HumanTask).filter_by(state="open").one()
    assert [f["id"] for f in task.form] == ["decision", "impact", "comment"]
    tasks.complete(task_id=task.id, data={"decision": "approve", "impact": "x"}, actor=world.bob)
    assert db.session.get(Escalation, waiting.id).state == "escalated"


def test_escalation_past_a_changed_step_stays_with_the_reason(as_user, world):
    escalated = service.request_escalation(source=case_in(world), form=request_form(),
                                           actor=world.alice)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    template = templates.get_by_name("Standard Case Escalation")
    xml = template.latest_version.bpmn_xml.replace('name="Approval needed?"',
                                                   'name="Needs approval?"', 1)
    client = as_user("pat")
    _publish(client, template, xml)
    page = client.get(f"/admin/templates/{template.id}/versions").text
    assert "stays, because the completed step &#39;Approval needed?&#39; changed" in page
    response = client.post(f"/admin/templates/{template.id}/versions/2/move",
                           follow_redirects=True)
    assert f"{escalated.number} stays on its version" in response.text
    db.session.expire_all()
    assert db.session.get(Escalation, escalated.id).template_version.number == 1


def test_moving__needs_escalation_admin(as_user, world):
    template = templates.get_by_name("Standard Case Escalation")
    assert as_user("alice").post(f"/admin/templates/{template.id}/versions/1/move"
                                 ).status_code == 403


def test_failed_escalation__is_rescued_by_moving_it_to_a_fixed_version(as_user, world):
    template = templates.get_by_name("Standard Case Escalation")
    good = template.latest_version.bpmn_xml
    client = as_user("pat")
    _publish(client, template, good.replace("<bpmn:script>escalate()",
                                            "<bpmn:script>escalate()\nclose()\nclose()", 1))
    with boundary():
        broken = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    with pytest.raises(ProcessFailed), boundary():
        tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    failures = client.get("/admin/templates/failures").text
    assert broken.number in failures and "Task_Escalate" in failures
    _publish(client, template, good)
    moved = client.post(f"/admin/templates/{template.id}/versions/3/move", follow_redirects=True)
    assert f"Moved to version 3: {broken.number}." in moved.text
    db.session.expire_all()
    assert db.session.get(WorkflowInstance, task.instance_id).status == "waiting"
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    assert db.session.get(Escalation, broken.id).state == "escalated"
    assert "No process has failed." in client.get("/admin/templates/failures").text
