"""The escalation pages: request form, task inbox and task page, escalation form and lists."""

import re

import pytest

from tests.escalation_world import account_with_team, case_in, request_form
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.journal.models import JournalEntry

FORM = {"request_source": "customer", "reason": "inactivity", "severity": "High Severity",
        "template": "Standard Case Escalation", "justification": "Orders failing"}


def test_request_page__creates_the_escalation_and_hides_the_button(as_user, world):
    case = case_in(world)
    client = as_user("alice")
    assert "Escalate Case" in client.get(f"/cases/{case.number}").text
    response = client.post(f"/escalations/new/case/{case.number}", data=FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith("ESC0000001")
    page = client.get(f"/cases/{case.number}").text
    assert "Escalate Case" not in page and "esc-banner" in page


def test_request_page__errors_keep_the_input_and_create_nothing(as_user, world):
    case = case_in(world)
    response = as_user("alice").post(f"/escalations/new/case/{case.number}",
                                     data={**FORM, "justification": " ", "severity": "Nope"})
    assert response.status_code == 400
    assert "Say why this needs escalating." in response.text
    assert "Choose one of: High Severity, Medium Severity." in response.text
    assert re.search(r'<option selected value="customer">', response.text)
    assert db.session.query(Escalation).count() == 0


@pytest.mark.parametrize("username", ["bob", "frank"])
def test_request_page__403_without_the_requester_role(as_user, world, username):
    case = case_in(world)
    client = as_user(username)
    assert client.get(f"/escalations/new/case/{case.number}").status_code == 403
    assert "Escalate Case" not in client.get(f"/cases/{case.number}").text


def test_task_pages__inbox_then_reject_needs_a_comment(as_user, world):
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    client = as_user("bob")
    inbox = client.get("/tasks/").text
    assert escalation.number in inbox and "Approve escalation" in inbox and "#d9534f" in inbox
    task = db.session.query(HumanTask).filter_by(state="open").one()
    page = client.get(f"/tasks/{task.id}").text
    assert 'name="decision" value="approve"' in page and 'name="comment"' in page
    refused = client.post(f"/tasks/{task.id}", data={"decision": "reject", "comment": ""})
    assert refused.status_code == 400 and "Say why you reject." in refused.text
    done = client.post(f"/tasks/{task.id}", data={"decision": "reject", "comment": "Dup"})
    assert done.status_code == 302
    assert db.session.get(Escalation, escalation.id).state == "declined"


def test_task_page__someone_elses_task_is_403(as_user, world):
    service.request_escalation(source=case_in(world), form=request_form(), actor=world.alice)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    client = as_user("dave")
    assert client.post(f"/tasks/{task.id}", data={"decision": "approve"}).status_code == 403
    assert "This task waits for someone else." in client.get(f"/tasks/{task.id}").text


def _escalated(world):
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    return escalation


def test_escalation_form__edit_note_and_de_escalate(as_user, world):
    escalation = _escalated(world)
    client = as_user("alice")
    url = f"/escalations/{escalation.number}"
    assert client.post(f"{url}/edit", data={"severity": "Medium Severity", "trend": "declining",
                                             "watch_list": ["erin"]}).status_code == 302
    assert client.post(f"{url}/notes", data={"kind": "comment", "text": "Customer called"}
                       ).status_code == 302
    empty = client.post(f"{url}/de-escalate", data={"justification": ""})
    assert empty.status_code == 400 and "Say why the escalation can close." in empty.text
    assert client.post(f"{url}/de-escalate", data={"justification": "Done"}).status_code == 302
    db.session.expire_all()
    escalation = db.session.get(Escalation, escalation.id)
    assert (escalation.state, escalation.severity.name, escalation.trend) == (
        "closed", "Medium Severity", "declining")
    case_notes = [n.text for n in db.session.query(JournalEntry).filter_by(
        record_type="case", record_id=escalation.case_id)]
    assert any("Severity changed from High Severity to Medium Severity" in n for n in case_notes)
    assert any("Comment: Customer called" in n for n in case_notes)


def test_escalation_form__empty_note_is_a_field_error(as_user, world):
    escalation = _escalated(world)
    response = as_user("alice").post(f"/escalations/{escalation.number}/notes",
                                     data={"kind": "work_note", "text": "  "})
    assert response.status_code == 400 and "Write the note first." in response.text


def test_escalation_form__readers_see_no_actions(as_user, world):
    escalation = _escalated(world)
    page = as_user("frank").get(f"/escalations/{escalation.number}").text
    assert escalation.number in page
    assert "De-escalate" not in page and "Manage" not in page
    assert as_user("frank").post(f"/escalations/{escalation.number}/edit",
                                 data={"trend": "same"}).status_code == 403


def test_account_escalation_form__link_case_errors_and_success(as_user, world):
    account = account_with_team(world)
    escalation = service.request_escalation(
        source=account, actor=world.dave, form=request_form(assigned_to="dave"))
    client = as_user("dave")
    url = f"/escalations/{escalation.number}/cases"
    unknown = client.post(url, data={"case": "CS0009999"})
    assert unknown.status_code == 400 and "There is no case" in unknown.text
    other = client.post(url, data={"case": case_in(world).number})
    assert other.status_code == 400 and "Link a case of this escalation" in other.text
    mine = case_in(world, account=account)
    assert client.post(url, data={"case": mine.number}).status_code == 302
    assert mine.number in client.get(f"/escalations/{escalation.number}").text


def test_lists__open_escalated_and_filters(as_user, world):
    escalated = _escalated(world)
    requested = service.request_escalation(source=case_in(world), form=request_form(
        severity="Medium Severity"), actor=world.alice)
    client = as_user("frank")
    assert escalated.number in client.get("/escalations/?open=1").text
    only = client.get(f"/escalations/?severity={requested.severity_id}").text
    rows = only.split("<tbody>")[1]
    assert requested.number in rows and escalated.number not in rows
    assert requested.number in client.get(f"/escalations/?q={requested.number}").text
    cases_page = client.get("/cases/?escalated=1").text
    assert escalated.case.number in cases_page and requested.case.number not in cases_page
    assert 'data-color="#d9534f"' in cases_page
