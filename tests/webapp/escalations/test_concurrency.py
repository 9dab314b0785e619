"""Two people acting at once never corrupt an escalation: one wins, the others are told."""

import pytest

from tests.builders import make_user
from tests.escalation_world import case_in, request_form
from tests.threads import run_at_once
from webapp.auth.models import User
from webapp.cases.models import Case
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.models import Approval, Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db

pytestmark = pytest.mark.real_commits  # each thread has its own connection and transaction


def test_ten_approvers_at_once__exactly_one_decision_counts(app, world):
    approvers = [make_user(username=f"approver{n}", roles=["approver"]) for n in range(10)]
    world.approvers.members = approvers
    world.tier1.manager = None
    db.session.commit()
    with boundary():
        escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                                actor=world.alice)
    task_id = db.session.query(HumanTask).filter_by(state="open").one().id
    user_ids = [u.id for u in approvers]

    def decide(user_id: int, n: int):
        def action():
            data = {"decision": "approve"} if n % 2 else {"decision": "reject", "comment": "No"}
            return tasks.complete(task_id=task_id, data=data,
                                  actor=db.session.get(User, user_id)).id
        return action

    results, errors = run_at_once(app, [decide(uid, n) for n, uid in enumerate(user_ids)])
    assert len(results) == 1 and len(errors) == 9
    assert all("already decided" in e.message for e in errors)
    db.session.expire_all()
    escalation = db.session.get(Escalation, escalation.id)
    assert escalation.state in ("escalated", "declined")
    decided = db.session.query(Approval).filter(Approval.state.in_(["approved", "rejected"]))
    assert decided.count() == 1
    assert db.session.query(Approval).filter_by(state="cancelled").count() == 9
    assert db.session.get(HumanTask, task_id).state == "completed"


def test_two_requests_for_one_case_at_once__one_escalation(app, world):
    case_id = case_in(world).id
    alice_id = world.alice.id

    def request():
        case = db.session.get(Case, case_id)
        return service.request_escalation(source=case, form=request_form(),
                                          actor=db.session.get(User, alice_id)).number

    results, errors = run_at_once(app, [request, request])
    assert len(results) == 1 and len(errors) == 1
    assert "already has an active escalation" in errors[0].message
    assert db.session.query(Escalation).count() == 1
