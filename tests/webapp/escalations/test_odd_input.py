"""Odd input and races get a clear answer and change nothing they should not."""

import pytest
from sqlalchemy.orm.exc import StaleDataError

from tests.escalation_world import account_with_team, case_in, request_form
from tests.webapp.escalations.api_helpers import Api
from webapp.common.transactions import boundary
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.escalations import manage, service
from webapp.escalations.models import Escalation
from webapp.escalations.process import runner, worker
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.severity.models import Severity

CRITICAL = "Critical Case Escalation"


def _open_task():
    return db.session.query(HumanTask).filter_by(state="open").one()


def test_worker__one_failing_instance_does_not_stop_the_pass(world, monkeypatch):
    for _ in range(2):
        with boundary():
            service.request_escalation(source=case_in(world),
                                       form=request_form(template=CRITICAL), actor=world.alice)
    world.clock.advance(hours=2)
    real, calls = runner.advance, []

    def flaky(**kwargs):
        calls.append(kwargs["row"].id)
        if len(calls) == 1:
            raise StaleDataError("lost a race")
        return real(**kwargs)

    monkeypatch.setattr(runner, "advance", flaky)
    assert worker.run_pass(now=world.clock.now) == 1
    monkeypatch.setattr(runner, "advance", real)
    assert worker.run_pass(now=world.clock.now) == 1
    lanes = {t.lane for t in db.session.query(HumanTask).filter_by(state="open")}
    assert lanes == {"Group manager"}


def test_long_rejection_comment__is_a_field_error_not_a_failed_process(world):
    service.request_escalation(source=case_in(world), form=request_form(), actor=world.alice)
    task = _open_task()
    with pytest.raises(ValidationFailed) as caught:
        tasks.complete(task_id=task.id, data={"decision": "reject", "comment": "x" * 9_990},
                       actor=world.bob)
    assert "comment" in caught.value.fields
    assert db.session.query(WorkflowInstance).one().status == "waiting"


def test_long_justification__is_a_field_error_before_anything_is_written(world):
    with pytest.raises(ValidationFailed) as caught:
        service.request_escalation(source=case_in(world), actor=world.alice,
                                   form=request_form(justification="x" * 9_990))
    assert "justification" in caught.value.fields
    assert db.session.query(WorkflowInstance).count() == 0


def test_long_text_quoted_in_a_system_note__is_clipped(world):
    escalation = service.request_escalation(source=case_in(world), actor=world.alice,
                                            form=request_form(justification="y" * 4_999))
    manage.update(escalation=escalation, changes=manage.EscalationChanges(
        work_note="z" * 9_999), actor=world.alice)
    assert escalation.state == "requested"


def test_edit__keeps_a_severity_that_was_deactivated_since(as_user, world):
    escalation = service.request_escalation(source=case_in(world), actor=world.alice,
                                            form=request_form(severity="Medium Severity"))
    medium = db.session.query(Severity).filter_by(name="Medium Severity").one()
    medium.active = False
    db.session.commit()
    client = as_user("alice")
    page = client.get(f"/escalations/{escalation.number}").text
    assert '<option selected value="Medium Severity">' in page
    response = client.post(f"/escalations/{escalation.number}/edit", data={
        "severity": "Medium Severity", "trend": "improving"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (escalation.severity.name, escalation.trend) == ("Medium Severity", "improving")


def test_unlink__refused_once_the_escalation_is_closed(world):
    account = account_with_team(world)
    escalation = service.request_escalation(source=account, actor=world.dave,
                                            form=request_form(assigned_to="dave"))
    case = case_in(world, account=account)
    manage.link_case(escalation=escalation, case_number=case.number, actor=world.dave)
    tasks.complete(task_id=_open_task().id, data={"decision": "approve"}, actor=world.bob)
    service.de_escalate(escalation=escalation, justification="Done", actor=world.dave)
    with pytest.raises(InvalidTransition):
        manage.unlink_case(escalation=escalation, case_number=case.number, actor=world.dave)
    assert [r.case.number for r in escalation.related_cases] == [case.number]


def test_account_escalation__assigned_only_to_an_escalation_manager(world):
    with pytest.raises(ValidationFailed) as caught:
        service.request_escalation(source=account_with_team(world), actor=world.dave,
                                   form=request_form(assigned_to="frank"))
    assert "not an escalation manager" in caught.value.fields["assigned_to"]


def test_api__source_filter_takes_a_number_or_a_type(client, world):
    case = case_in(world)
    on_case = service.request_escalation(source=case, form=request_form(), actor=world.alice)
    account = account_with_team(world)
    on_account = service.request_escalation(source=account, actor=world.dave,
                                            form=request_form(assigned_to="dave"))
    api = Api(client, "frank")

    def numbers(query):
        return [e["number"] for e in api.get(f"/escalations?{query}").json["results"]]

    assert numbers(f"source={case.number}") == [on_case.number]
    assert numbers(f"source={account.number}") == [on_account.number]
    assert numbers("source=account") == [on_account.number]


@pytest.mark.parametrize("body", [
    {"watch_list": [1]}, {"trend": ["same"]}, {"severity": ["High Severity"]},
    {"work_note": 5}, {"comment": {"a": 1}}, {"watch_list": [["x"]]}])
def test_api_patch__wrong_types_are_400(client, world, body):
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    response = Api(client, "alice").patch(f"/escalations/{escalation.number}", body)
    assert response.status_code == 400 and set(body) <= set(response.json["fields"])


@pytest.mark.parametrize("field", ["justification", "reason", "severity", "source"])
@pytest.mark.parametrize("value", [["a", "b"], {"a": 1}, 5, True])
def test_api_request__text_fields_that_are_not_text_are_400(client, world, field, value):
    before = db.session.query(Escalation).count()
    body = {"source_type": "case", "source": case_in(world).number, "severity": "High Severity",
            "reason": "inactivity", "request_source": "customer", "justification": "x",
            field: value}
    response = Api(client, "alice").post("/escalations", body)
    assert response.status_code == 400, response.json
    assert response.json["fields"] == {field: "Send text."}
    assert db.session.query(Escalation).count() == before


def test_api_de_escalate__a_justification_that_is_not_text_is_400(client, world):
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    response = Api(client, "alice").post(f"/escalations/{escalation.number}/de-escalate",
                                         {"justification": ["stored", "as", "repr"]})
    assert response.status_code == 400 and "justification" in response.json["fields"]
    assert escalation.de_escalation_justification == ""


def test_huge_ids__are_not_found(client, as_user, world):
    assert Api(client, "bob").post(f"/tasks/{10**22}/complete", {}).status_code == 404
    assert as_user("pat").get(f"/admin/templates/{10**22}/modeler").status_code == 404
    assert as_user("pat").get(f"/admin/severities/{10**22}").status_code == 404
