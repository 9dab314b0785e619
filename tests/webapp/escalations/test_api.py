"""The JSON API: every shipped template down its paths, and its errors (400, 401, 403, 404, 409)."""

import pytest

from tests.escalation_world import account_with_team, case_in
from tests.webapp.escalations.api_helpers import Api
from webapp.escalations.process.worker import run_pass
from webapp.escalations.templates import service as templates
from webapp.extensions import db

REQUEST = {"severity": "High Severity", "reason": "inactivity", "request_source": "customer",
           "justification": "Orders are failing"}


@pytest.fixture
def api(client):
    return lambda username: Api(client, username)


def _escalate_case(api, world, **extra):
    body = {"source_type": "case", "source": case_in(world).number, **REQUEST, **extra}
    response = api("alice").post("/escalations", body)
    assert response.status_code == 201, response.json
    return response.json


def _only_task(api, username):
    (task,) = api(username).get("/tasks").json
    return task


def test_standard_case__approve_then_de_escalate(api, world):
    created = _escalate_case(api, world)
    assert (created["state"], created["template"]) == ("requested", "Standard Case Escalation")
    task = _only_task(api, "bob")
    assert task["escalation"] == created["number"] and task["lane"] == "Approvers"
    assert {f["id"] for f in task["form"]} == {"decision", "comment"}
    done = api("bob").post(f"/tasks/{task['id']}/complete", {"decision": "approve"}).json
    assert done["escalation"]["state"] == "escalated"
    case = api("frank").get(f"/cases/{created['source']}").json
    assert (case["active_escalation"], case["escalation_color"]) == (created["number"], "#d9534f")
    escalated = api("frank").get("/cases?escalated=true").json
    assert [c["number"] for c in escalated["results"]] == [created["source"]]
    closed = api("alice").post(f"/escalations/{created['number']}/de-escalate",
                               {"justification": "Fixed"}).json
    assert (closed["state"], closed["de_escalated_by"]) == ("closed", "alice")
    assert api("frank").get(f"/cases/{created['source']}").json["escalation_color"] is None


def test_standard_case__reject_needs_a_comment_then_declines(api, world):
    created = _escalate_case(api, world)
    task = _only_task(api, "carol")
    refused = api("carol").post(f"/tasks/{task['id']}/complete", {"decision": "reject"})
    assert refused.status_code == 400 and "comment" in refused.json["fields"]
    done = api("carol").post(f"/tasks/{task['id']}/complete",
                             {"decision": "reject", "comment": "Handled in tier 2"}).json
    assert done["escalation"]["state"] == "declined"
    detail = api("frank").get(f"/escalations/{created['number']}").json
    assert detail["declined_by"] == "carol" and detail["decline_reason"] == "Handled in tier 2"
    assert {a["approver"]: a["state"] for a in detail["approvals"]} == {
        "carol": "rejected", "bob": "cancelled"}
    assert [h["action"] for h in detail["history"]][:2] == ["declined", "requested"]


def test_standard_case__nobody_to_approve_escalates_at_once(api, world):
    world.approvers.members = []
    world.tier1.manager = None
    db.session.commit()
    created = _escalate_case(api, world)
    assert (created["state"], created["approved_by"]) == ("escalated", None)


def test_standard_case__skip_approval(api, world):
    templates.get_by_name("Standard Case Escalation").skip_approval = True
    db.session.commit()
    assert _escalate_case(api, world)["state"] == "escalated"
    assert api("bob").get("/tasks").json == []


def test_critical_case__handover_after_the_hour_and_de_escalation_rejected_then_approved(
        api, world):
    created = _escalate_case(api, world, template="Critical Case Escalation")
    assert _only_task(api, "bob")["lane"] == "Approval group"
    world.clock.advance(hours=1, seconds=1)
    assert run_pass(now=world.clock.now) == 1
    assert api("bob").get("/tasks").json == []
    task = _only_task(api, "carol")
    assert task["lane"] == "Group manager"
    api("carol").post(f"/tasks/{task['id']}/complete", {"decision": "approve"})
    number = created["number"]
    state = api("alice").post(f"/escalations/{number}/de-escalate", {"justification": "a"}).json
    assert state["state"] == "de_escalation_requested"
    task = _only_task(api, "dave")
    api("dave").post(f"/tasks/{task['id']}/complete", {"decision": "reject", "comment": "No"})
    assert api("dave").get(f"/escalations/{number}").json["state"] == "escalated"
    api("alice").post(f"/escalations/{number}/de-escalate", {"justification": "b"})
    task = _only_task(api, "dave")
    api("dave").post(f"/tasks/{task['id']}/complete", {"decision": "approve"})
    assert api("dave").get(f"/escalations/{number}").json["state"] == "closed"


def test_standard_account__manager_links_cases_and_de_escalates(api, world):
    account = account_with_team(world)
    created = api("dave").post("/escalations", {
        "source_type": "account", "source": account.number, **REQUEST,
        "assigned_to": "dave", "add_account_team": True}).json
    assert created["watch_list"] == ["alice"]
    task = _only_task(api, "bob")
    api("bob").post(f"/tasks/{task['id']}/complete", {"decision": "approve"})
    case = case_in(world, account=account)
    linked = api("dave").post(f"/escalations/{created['number']}/cases", {"case": case.number})
    assert linked.status_code == 201 and linked.json["related_cases"] == [case.number]
    acc = api("frank").get(f"/accounts/{account.number}").json
    assert (acc["active_escalation"], acc["escalation_color"]) == (created["number"], "#d9534f")
    api("dave").post(f"/escalations/{created['number']}/de-escalate", {"justification": "ok"})
    assert api("frank").get(f"/accounts/{account.number}").json["active_escalation"] is None


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"severity": "Nope"}, 400, "severity"), ({"template": "Nope"}, 400, "template"),
    ({"template": "Standard Account Escalation"}, 400, "template"),
    ({"justification": ""}, 400, "justification"), ({"source_type": "planet"}, 400, "source_type"),
    ({"watch_list": "bob"}, 400, "watch_list"), ({"source": "CS0999999"}, 404, None)])
def test_create__bad_input(api, world, body, status, field):
    request = {"source_type": "case", "source": case_in(world).number, **REQUEST, **body}
    response = api("alice").post("/escalations", request)
    assert response.status_code == status
    assert response.json["error"]
    if field:
        assert field in response.json["fields"]
    assert api("alice").get("/escalations").json["total"] == 0


def test_create__second_active_escalation_is_409(api, world):
    first = _escalate_case(api, world)
    again = api("alice").post("/escalations", {"source_type": "case", "source": first["source"],
                                               **REQUEST})
    assert again.status_code == 409 and "already has an active escalation" in again.json["error"]


def test_tasks__already_done_is_409_and_not_yours_is_403(api, world):
    _escalate_case(api, world)
    task = _only_task(api, "bob")
    assert api("dave").post(f"/tasks/{task['id']}/complete",
                            {"decision": "approve"}).status_code == 403
    assert api("bob").post(f"/tasks/{task['id']}/complete",
                           {"decision": "approve"}).status_code == 200
    again = api("carol").post(f"/tasks/{task['id']}/complete", {"decision": "approve"})
    assert again.status_code == 409 and "already decided" in again.json["error"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic Ym9iOndyb25n"},
                                     {"Authorization": "Bearer x"}])
def test_api__needs_valid_credentials(client, world, headers):
    response = client.get("/api/escalations", headers=headers)
    assert response.status_code == 401
    challenge = response.headers["WWW-Authenticate"]
    assert "Bearer realm=" in challenge and "Basic realm=" in challenge
    assert "Set-Cookie" not in response.headers


def test_api__unknown_records_are_404(api, world):
    assert api("frank").get("/cases/CS0000404").status_code == 404
    assert api("frank").get("/escalations/ESC0000404").json["error"]


def test_api__patch_updates_and_lists_filter(api, world):
    created = _escalate_case(api, world)
    patched = api("alice").patch(f"/escalations/{created['number']}", {
        "severity": "Medium Severity", "work_note": "Engineering engaged"}).json
    assert patched["severity_color"] == "#f0ad4e"
    assert any(a["text"] == "Engineering engaged" for a in patched["activity"])
    listed = api("frank").get("/escalations?state=requested&source=case").json
    assert [e["number"] for e in listed["results"]] == [created["number"]]
    assert api("frank").get("/escalations?state=closed").json["total"] == 0
