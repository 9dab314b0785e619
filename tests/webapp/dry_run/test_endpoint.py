"""POST /admin/dry-run: JSON for escalation admins, 403 for the rest, 400 for bad input."""

import re

import pytest

from tests.webapp.dry_run.helpers import CRITICAL, SLA_REMINDER, STANDARD_CASE, shipped_xml
from webapp.escalations.templates import service as templates

URL = "/admin/dry-run"


def _body(case, **overrides) -> dict:
    body = {"xml": shipped_xml(STANDARD_CASE), "source_type": "case", "source": case.number,
            "template_id": templates.get_by_name(STANDARD_CASE).id,
            "severity": "High Severity", "decisions": ["approve"]}
    body.update(overrides)
    return body


@pytest.mark.parametrize("username", ["pat", "admin"])
def test_dry_run__answers_the_report_to_escalation_admins(login_as, case, username):
    response = login_as(username, password="demo").post(URL, json=_body(case))
    assert response.status_code == 200
    report = response.get_json()
    assert (report["status"]["kind"], report["final_state"]) == ("completed", "closed")
    assert report["tasks"][0]["candidates"] == ["bob", "carol"]
    assert [o["name"] for o in report["operations"]] == ["escalate", "close"]


def test_dry_run__of_an_account_with_its_escalation_manager(login_as, account):
    body = {"xml": SLA_REMINDER.read_text(), "source_type": "account",
            "source": account.number, "decisions": ["approve"], "de_escalate": False,
            "template_id": templates.get_by_name("Standard Account Escalation").id,
            "assigned_to": "dave", "pass_timers": True}
    report = login_as("pat", password="demo").post(URL, json=body).get_json()
    assert report["notifications"] == [{
        "to": "escalation_manager", "recipients": ["dave"],
        "subject": "Escalation DRY-RUN is past its response time"}]
    assert report["status"]["kind"] == "waiting"


def test_dry_run__with_unsaved_settings_and_timers_passing(login_as, case):
    body = _body(case, xml=shipped_xml(CRITICAL), template_id=templates.get_by_name(CRITICAL).id,
                 pass_timers=True, decisions=["approve"], skip_approval=True)
    report = login_as("pat", password="demo").post(URL, json=body).get_json()
    assert [t["element_id"] for t in report["tasks"]] == ["Task_ApproveDeEscalation"]
    assert (report["final_state"], report["events"][0]["kind"]) == ("closed", "message")


def test_dry_run__of_a_broken_diagram_lists_its_problems(login_as, case):
    report = login_as("pat", password="demo").post(URL, json=_body(case, xml="<x")).get_json()
    assert report["status"]["kind"] == "invalid" and report["problems"]


@pytest.mark.parametrize("username", ["alice", "bob", "carol", "dave", "erin", "frank"])
def test_dry_run__is_forbidden_to_everyone_else(login_as, case, username):
    response = login_as(username, password="demo").post(URL, json=_body(case))
    assert response.status_code == 403
    assert "escalation admin" in response.get_json()["error"]


def test_dry_run__needs_a_login(client, case):
    response = client.post(URL, json=_body(case))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("overrides, field", [
    ({"source": "CS9999999"}, "source"),
    ({"source_type": "planet"}, "source_type"),
    ({"decisions": "approve"}, "decisions"),
    ({"decisions": ["approve", 3]}, "decisions"),
    ({"decisions": ["maybe"]}, "decisions"),
    ({"xml": ""}, "xml"),
    ({"template_id": 999999}, "template_id"),
    ({"template_id": "1"}, "template_id"),
    ({"severity": "Apocalyptic"}, "severity"),
    ({"pass_timers": "yes"}, "pass_timers"),
    ({"breach_sla": "yes"}, "breach_sla"),
    ({"skip_approval": 1}, "skip_approval"),
    ({"assigned_to": "nobody"}, "assigned_to"),
    ({"assignment_group": "Nowhere"}, "assignment_group"),
])
def test_dry_run__refuses_bad_input_field_by_field(login_as, case, overrides, field):
    response = login_as("pat", password="demo").post(URL, json=_body(case, **overrides))
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_dry_run__refuses_a_body_that_is_not_an_object(login_as):
    response = login_as("pat", password="demo").post(URL, json=["xml"])
    assert response.status_code == 400
    assert response.get_json()["error"] == "Send the dry run as a JSON object."


def test_dry_run__needs_the_csrf_token_of_the_session(app, monkeypatch, login_as, case):
    client = login_as("pat", password="demo")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    refused = client.post(URL, json=_body(case))
    assert refused.status_code == 400
    assert "CSRF" in refused.get_json()["error"]
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post(URL, json=_body(case), headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
