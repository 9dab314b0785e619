"""Who the app tells what, by itself (DESIGN §9): one message per person per event, never to
the person who did the action."""


import pytest

from tests.escalation_world import escalate_case, publish_with_escalate_script
from webapp.common.transactions import boundary
from webapp.errors import ValidationFailed
from webapp.escalations import effects, manage, service
from webapp.escalations.manage import EscalationChanges
from webapp.escalations.process.models import HumanTask
from webapp.escalations.process.runner import ProcessFailed
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates import service as templates
from webapp.extensions import db
from webapp.notifications.models import Notification
from workflows import Effect

CRITICAL = "Critical Case Escalation"


def _told(kind: str | None = None) -> list[tuple[str, str]]:
    """(username, kind) of every notification queued, in a stable order."""
    rows = db.session.query(Notification).order_by(Notification.id)
    return sorted((n.recipient.username, n.kind) for n in rows if kind in (None, n.kind))


def _decide(actor, decision="approve", comment="Go") -> None:
    (task,) = db.session.query(HumanTask).filter_by(state="open").all()
    with boundary():
        tasks.complete(task_id=task.id, data={"decision": decision, "comment": comment},
                       actor=actor)


def _escalated_quietly(world) -> None:
    """Bob approves; what that told anyone is forgotten."""
    _decide(world.bob)
    _forget_notifications()


def _update(escalation, actor, **changes) -> None:
    with boundary():
        manage.update(escalation=escalation, changes=EscalationChanges(**changes), actor=actor)


def _forget_notifications() -> None:
    db.session.query(Notification).delete()
    db.session.commit()


@pytest.fixture
def watched(world):
    """A case escalation alice asked for, watched by erin and alice herself, managed by dave."""
    return escalate_case(world, watch_list=["erin", "alice"], assigned_to="dave")


def test_escalated__tells_requester_watchers_and_manager_once_each_not_the_approver(world,
                                                                                    watched):
    _forget_notifications()
    _decide(world.bob)
    assert _told() == [("alice", "escalated"), ("dave", "escalated"), ("erin", "escalated")]
    note = db.session.query(Notification).filter_by(recipient=world.erin).one()
    assert note.subject == (f"{watched.number} escalated: High Severity, "
                            f"{watched.account.name} — {watched.case.number}")
    assert (note.record_type, note.record_id) == ("escalation", watched.id)
    assert watched.case.number in note.body and "Customer is losing orders." in note.body


def test_escalated_at_once__does_not_tell_the_requester_who_just_asked(world):
    templates.get_by_name("Standard Case Escalation").skip_approval = True
    db.session.commit()
    escalate_case(world, watch_list=["erin"])
    assert _told() == [("erin", "escalated")]


def test_declined__tells_the_requester_the_reason_and_nobody_else(world, watched):
    _forget_notifications()
    _decide(world.carol, "reject", "Not urgent enough")
    assert _told() == [("alice", "declined")]
    (note,) = db.session.query(Notification).all()
    assert note.subject.startswith(f"{watched.number} declined: High Severity")
    assert "Not urgent enough" in note.body


def test_severity_changed__tells_watchers_and_manager_but_not_who_changed_it(world, watched):
    _escalated_quietly(world)
    _update(watched, world.alice, severity="Medium Severity")
    assert _told() == [("dave", "severity_changed"), ("erin", "severity_changed")]
    note = db.session.query(Notification).filter_by(recipient=world.erin).one()
    assert note.subject.startswith(f"{watched.number} severity changed: Medium Severity, ")
    assert note.body == "Severity changed from High Severity to Medium Severity by Alice."


def test_trend__only_a_turn_to_declining_is_told(world, watched):
    _escalated_quietly(world)
    _update(watched, world.dave, trend="improving")
    assert _told() == []
    _update(watched, world.dave, trend="declining")
    assert _told() == [("alice", "trend_declining"), ("erin", "trend_declining")]


def test_a_refused_change__tells_nobody(world, watched):
    _escalated_quietly(world)
    with pytest.raises(ValidationFailed, match="not saved"):
        _update(watched, world.alice, severity="Medium Severity", trend="sideways")
    assert _told() == []


def test_severity_set_by_the_process__is_told_to_everyone_concerned(world, watched):
    _escalated_quietly(world)
    effects.apply([Effect("set_severity", {"name": "Medium Severity"})],
                  effects.StoredEscalation(watched, None, world.clock.now))
    assert _told() == [("alice", "severity_changed"), ("dave", "severity_changed"),
                       ("erin", "severity_changed")]


def test_standard_close__tells_everyone_but_the_one_who_de_escalated(world, watched):
    _escalated_quietly(world)
    with boundary():
        service.de_escalate(escalation=watched, justification="Fixed", actor=world.dave)
    assert _told() == [("alice", "closed"), ("erin", "closed")]
    note = db.session.query(Notification).filter_by(recipient=world.alice).one()
    assert note.subject.startswith(f"{watched.number} de-escalated and closed: ")
    assert "Fixed" in note.body


def test_critical_de_escalation__approvers_told_once_asker_told_of_rejection_then_close(world):
    escalation = escalate_case(world, template=CRITICAL, watch_list=["carol", "erin"])
    _escalated_quietly(world)
    with boundary():
        service.de_escalate(escalation=escalation, justification="Calm again", actor=world.carol)
    assert _told() == [("dave", "de_escalation_requested")]  # no approval_waiting as well
    (note,) = db.session.query(Notification).all()
    assert (note.record_type, note.subject.split(":")[0]) == (
        "task", f"{escalation.number} de-escalation requested")
    assert "Calm again" in note.body
    _decide(world.dave, "reject", "Still failing")
    assert _told("de_escalation_rejected") == [("carol", "de_escalation_rejected")]
    assert "Still failing" in db.session.query(Notification).filter_by(
        kind="de_escalation_rejected").one().body
    with boundary():
        service.de_escalate(escalation=escalation, justification="Now it is", actor=world.carol)
    _forget_notifications()
    _decide(world.dave)
    # carol watches and asked: one message; dave approved it: none
    assert _told() == [("alice", "closed"), ("carol", "closed"), ("erin", "closed")]


def test_process_failed__tells_the_escalation_admins_once_until_they_read_it(world):
    broken = publish_with_escalate_script(world, "escalate()\nclose()\nclose()")
    escalation = escalate_case(world, template=broken)
    _forget_notifications()
    for _ in range(2):
        with pytest.raises(ProcessFailed):
            _decide(world.bob)
    assert _told() == [("admin", "process_failed"), ("pat", "process_failed")]
    note = db.session.query(Notification).filter_by(recipient=world.pat).one()
    assert (note.record_type, note.record_id) == ("escalation", escalation.id)
    assert note.subject.startswith(f"{escalation.number} process failed: High Severity")
    assert "Escalate" in note.body and "cannot become closed" in note.body
    note.read_at = world.clock.now
    db.session.commit()
    with pytest.raises(ProcessFailed):
        _decide(world.bob)
    # pat read hers and hears of the new failure; admin has not read his yet
    assert _told() == [("admin", "process_failed"), ("pat", "process_failed"),
                       ("pat", "process_failed")]


def test_process_failed_at_the_start__tells_the_admins_about_the_template(world):
    name = publish_with_escalate_script(world, "close()\nescalate()")
    templates.get_by_name(name).skip_approval = True
    db.session.commit()
    with pytest.raises(ProcessFailed):
        escalate_case(world, template=name)
    assert _told() == [("admin", "process_failed"), ("pat", "process_failed")]
    note = db.session.query(Notification).filter_by(recipient=world.pat).one()
    assert (note.record_type, note.record_id) == ("template", templates.get_by_name(name).id)
    assert note.subject == "Broken: a new escalation's process failed"


def test_a_templates_notify__adds_to_what_the_app_sends(world, watched):
    _forget_notifications()
    effects.apply([Effect("notify", {"to": "watchers", "subject": "Call the customer",
                                     "body": "Today"})],
                  effects.StoredEscalation(watched, world.bob, world.clock.now))
    assert _told() == [("alice", "process"), ("erin", "process")]
    assert {n.subject for n in db.session.query(Notification)} == {"Call the customer"}
