"""Standard Account Escalation: the escalation manager runs it and links the account's cases."""

import pytest

from tests.builders import make_account, make_case
from tests.escalation_world import account_with_team, case_in, request_form
from webapp.errors import InvalidTransition, PermissionDenied, ValidationFailed
from webapp.escalations import manage, service
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.notifications.models import Notification

ACCOUNT_FORM = {"assignment_group": "Escalation Management", "add_account_team": True}


@pytest.fixture
def escalated(world):
    account = account_with_team(world)
    escalation = service.request_escalation(source=account, form=request_form(**ACCOUNT_FORM),
                                            actor=world.dave)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    db.session.refresh(escalation)
    return escalation


def test_account_escalation__approved_escalated_and_manager_notified(world, escalated):
    assert escalated.state == "escalated"
    assert escalated.account.active_escalation == escalated
    assert world.alice in escalated.watch_list
    subjects = [n.subject for n in db.session.query(Notification).filter_by(recipient=world.dave)]
    assert subjects, "the escalation manager lane notifies the manager"


def test_account_escalation__needs_an_assignment(world):
    with pytest.raises(ValidationFailed) as caught:
        service.request_escalation(source=account_with_team(world), form=request_form(),
                                   actor=world.dave)
    assert "assignment_group" in caught.value.fields


def test_link_case__of_the_account_is_listed_and_unlinked(world, escalated):
    case = make_case(account=escalated.account, assignment_group=world.tier1)
    manage.link_case(escalation=escalated, case_number=case.number, actor=world.dave)
    assert [r.case.number for r in escalated.related_cases] == [case.number]
    with pytest.raises(InvalidTransition, match="already linked"):
        manage.link_case(escalation=escalated, case_number=case.number, actor=world.dave)
    manage.unlink_case(escalation=escalated, case_number=case.number, actor=world.dave)
    assert escalated.related_cases == []


def test_link_case__of_another_account_is_refused(world, escalated):
    other = make_case(account=make_account(name="Other"))
    with pytest.raises(ValidationFailed, match="belongs to another account"):
        manage.link_case(escalation=escalated, case_number=other.number, actor=world.dave)
    assert escalated.related_cases == []


def test_link_case__only_the_escalation_manager(world, escalated):
    with pytest.raises(PermissionDenied):
        manage.link_case(escalation=escalated,
                         case_number=case_in(world, account=escalated.account).number,
                         actor=world.carol)


def test_update__severity_trend_watch_list_and_notes_are_recorded(world, escalated):
    changes = manage.EscalationChanges(severity="Medium Severity", trend="improving",
                                       watch_list=["erin"], work_note="Call booked",
                                       comment="Customer informed")
    manage.update(escalation=escalated, changes=changes, actor=world.dave)
    db.session.refresh(escalated)
    assert (escalated.severity.name, escalated.trend) == ("Medium Severity", "improving")
    assert [u.username for u in escalated.watch_list] == ["erin"]
    assert escalated.account.active_escalation.severity.color == "#f0ad4e"


@pytest.mark.parametrize(("changes", "field"), [
    ({"severity": "Unknown"}, "severity"), ({"trend": "sideways"}, "trend"),
    ({"watch_list": ["ghost"]}, "watch_list"), ({"work_note": " "}, "work_note")])
def test_update__bad_input_changes_nothing(world, escalated, changes, field):
    with pytest.raises(ValidationFailed) as caught:
        manage.update(escalation=escalated, changes=manage.EscalationChanges(**changes),
                      actor=world.dave)
    assert field in caught.value.fields
    db.session.refresh(escalated)
    assert (escalated.severity.name, escalated.trend) == ("High Severity", "same")


def test_update__a_name_given_twice_watches_once(world, escalated):
    manage.update(escalation=escalated, actor=world.dave,
                  changes=manage.EscalationChanges(watch_list=["erin", "erin"]))
    assert [u.username for u in escalated.watch_list] == ["erin"]
