"""For each action and each demo user: allowed by the user's roles, or 403."""

import pytest

from tests.escalation_world import account_with_team, case_in, request_form
from tests.webapp.escalations.api_helpers import Api
from webapp.escalations import service
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db

USERS = ["admin", "pat", "alice", "carol", "bob", "dave", "erin", "frank"]
ALLOWED = {
    "request": {"admin", "pat", "alice", "carol", "dave", "erin"},
    "approve": {"admin", "carol", "bob"},
    # a case escalation alice requested: whoever works cases, and alice; not pat (templates only)
    "de-escalate": {"admin", "alice", "carol", "dave"},
    # an account escalation run by Escalation Management: its members and admins only
    "de-escalate account": {"admin", "dave"},
    "edit": {"admin", "alice", "carol", "dave"},
    "link case": {"admin", "dave"},
}
REQUEST = {"severity": "High Severity", "reason": "inactivity", "request_source": "internal",
           "justification": "Stalled for a week"}


def _requested(world):
    return service.request_escalation(source=case_in(world), form=request_form(),
                                      actor=world.alice)


def _escalated(world, escalation):
    task = db.session.query(HumanTask).filter_by(state="open").one()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    return escalation


def _act(action: str, api: Api, world):
    if action == "request":
        return api.post("/escalations", {"source_type": "case", "source": case_in(world).number,
                                         **REQUEST})
    if action == "approve":
        _requested(world)
        task = db.session.query(HumanTask).filter_by(state="open").one()
        return api.post(f"/tasks/{task.id}/complete", {"decision": "approve"})
    if action == "de-escalate":
        escalation = _escalated(world, _requested(world))
        return api.post(f"/escalations/{escalation.number}/de-escalate", {"justification": "ok"})
    if action == "edit":
        escalation = _requested(world)
        return api.patch(f"/escalations/{escalation.number}", {"trend": "improving"})
    account = account_with_team(world)
    escalation = service.request_escalation(
        source=account, actor=world.dave,
        form=request_form(assignment_group="Escalation Management"))
    if action == "de-escalate account":
        _escalated(world, escalation)
        return api.post(f"/escalations/{escalation.number}/de-escalate", {"justification": "ok"})
    return api.post(f"/escalations/{escalation.number}/cases",
                    {"case": case_in(world, account=account).number})


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_role_matrix(client, world, action, username):
    response = _act(action, Api(client, username), world)
    if username in ALLOWED[action]:
        assert response.status_code in (200, 201), response.json
    else:
        assert response.status_code == 403, response.json
        assert response.json["error"]
