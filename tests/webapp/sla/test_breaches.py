"""The worker marks an SLA breach once, at the due time and not a second before, with a work
note, a history entry and notifications; closed escalations never breach."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.builders import make_user
from tests.webapp.sla.helpers import (
    berlin_office,
    decide,
    escalated,
    history,
    notes,
    requested,
    told,
)
from webapp.escalations import manage, service
from webapp.escalations.manage import EscalationChanges
from webapp.escalations.models import Escalation
from webapp.escalations.process.breaches import run_pass
from webapp.extensions import db
from webapp.notifications.models import Notification, NotificationPreference

NOTE = "SLA breached: High Severity response time of 4 hours passed at 2026-11-27 13:00 UTC."


def test_high_severity__breaches_at_four_hours_and_not_a_second_before(world):
    escalation = escalated(world)
    world.clock.advance(hours=4, seconds=-1)
    assert run_pass(now=world.clock.now) == 0
    assert escalation.sla_breached_at is None
    world.clock.advance(seconds=1)
    assert run_pass(now=world.clock.now) == 1
    db.session.refresh(escalation)
    assert escalation.sla_breached_at == datetime(2026, 11, 27, 13, tzinfo=UTC)
    assert escalation.state == "escalated"  # a breach changes no state


def test_a_breach__is_noted_on_the_escalation_and_the_case_and_in_the_history(world):
    escalation = escalated(world)
    world.clock.advance(hours=5)
    run_pass(now=world.clock.now)
    assert notes("escalation", escalation.id)[-1] == NOTE
    assert notes("case", escalation.case_id)[-1] == f"[{escalation.number}] {NOTE}"
    (entry,) = history(escalation, "sla_breached")
    assert (entry.actor, entry.before, entry.after) == (None, {}, {
        "sla_due": "2026-11-27 13:00 UTC", "sla_breached": "2026-11-27 14:00 UTC"})


def test_a_breach__tells_the_escalation_manager_watchers_and_requester_once_each(world):
    escalation = escalated(world, watch_list=["bob", "alice"], assigned_to="dave")
    world.clock.advance(hours=4)
    run_pass(now=world.clock.now)
    subject = f"{escalation.number}: SLA breached (High Severity)"
    assert told("sla_breached") == [("alice", subject), ("bob", subject), ("dave", subject)]
    (to_dave,) = db.session.query(Notification).filter_by(kind="sla_breached",
                                                          recipient_id=world.dave.id)
    assert (to_dave.body, to_dave.record_type, to_dave.record_id, to_dave.email) == (
        NOTE, "escalation", escalation.id, True)


def test_without_an_assigned_manager__the_assignment_groups_manager_is_told(world):
    escalated(world, assignment_group="Tier 1 Support")
    world.clock.advance(hours=4)
    run_pass(now=world.clock.now)
    assert [who for who, _ in told("sla_breached")] == ["alice", "carol"]


def test_inactive_people_are_not_told_and_a_turned_off_email_stays_in_the_app(world):
    gone = make_user(username="gone", roles=["agent"])
    escalated(world, watch_list=["gone", "bob"])
    gone.active = False
    db.session.add(NotificationPreference(user_id=world.bob.id, kind="sla_breached",
                                          email=False))
    world.clock.advance(hours=4)
    run_pass(now=world.clock.now)
    emails = {n.recipient.username: n.email for n in
              db.session.query(Notification).filter_by(kind="sla_breached")}
    assert emails == {"alice": True, "bob": False}


def test_a_breach__is_marked_once_however_many_passes_run(world):
    escalation = escalated(world, watch_list=["bob"])
    world.clock.advance(hours=4)
    assert run_pass(now=world.clock.now) == 1
    for hours in (0, 1, 24):
        assert run_pass(now=world.clock.now + timedelta(hours=hours)) == 0
    assert len(history(escalation, "sla_breached")) == 1
    assert notes("escalation", escalation.id).count(NOTE) == 1
    assert len(told("sla_breached")) == 2


def test_a_severity_change__restarts_the_clock_and_the_new_one_breaches_in_its_turn(world):
    escalation = escalated(world)
    world.clock.advance(hours=3)  # 12:00: Medium's eight hours run to 20:00
    manage.update(escalation=escalation, changes=EscalationChanges(severity="Medium Severity"),
                  actor=world.alice)
    world.clock.advance(hours=2)
    assert run_pass(now=world.clock.now) == 0
    world.clock.advance(hours=6)
    assert run_pass(now=world.clock.now) == 1
    assert notes("escalation", escalation.id)[-1] == (
        "SLA breached: Medium Severity response time of 8 hours passed at "
        "2026-11-27 20:00 UTC.")


def test_a_severity_change_after_a_breach__clears_it_and_may_breach_again(world):
    escalation = escalated(world)
    world.clock.advance(hours=4)
    run_pass(now=world.clock.now)
    db.session.refresh(escalation)
    manage.update(escalation=escalation, changes=EscalationChanges(severity="Medium Severity"),
                  actor=world.alice)
    assert escalation.sla_breached_at is None
    world.clock.advance(hours=8)
    assert run_pass(now=world.clock.now) == 1
    assert len(history(escalation, "sla_breached")) == 2


@pytest.mark.parametrize("end", ["closed", "declined", "requested"])
def test_an_escalation_no_longer_open__or_not_yet_escalated__never_breaches(world, end):
    if end == "closed":
        escalation = escalated(world)
        service.de_escalate(escalation=escalation, justification="Fixed", actor=world.alice)
    elif end == "declined":
        escalation = requested(world)
        world.clock.advance(hours=1)
        decide(world, escalation, "reject")
    else:
        escalation = requested(world)
    world.clock.advance(days=30)
    assert run_pass(now=world.clock.now) == 0
    assert history(escalation, "sla_breached") == [] and told("sla_breached") == []


def test_a_de_escalation_waiting_for_approval__is_still_open_and_breaches(world):
    escalation = escalated(world, template="Critical Case Escalation")
    service.de_escalate(escalation=escalation, justification="Calmer", actor=world.alice)
    assert escalation.state == "de_escalation_requested"
    world.clock.advance(hours=4)
    assert run_pass(now=world.clock.now) == 1
    assert escalation.assignment_group is None  # the process did not wait: not handed on


def test_business_hours__friday_afternoon_in_berlin_breaches_monday_at_eleven(world):
    berlin_office(world)
    world.clock.now = datetime(2026, 11, 27, 14, tzinfo=UTC)  # Friday 15:00 in Berlin
    escalation = escalated(world)
    monday_eleven = datetime(2026, 11, 30, 10, tzinfo=UTC)
    assert run_pass(now=datetime(2026, 11, 28, 14, tzinfo=UTC)) == 0  # 24 hours: not yet
    assert run_pass(now=monday_eleven - timedelta(seconds=1)) == 0
    assert run_pass(now=monday_eleven) == 1
    assert notes("escalation", escalation.id)[-1] == (
        "SLA breached: High Severity response time of 4 hours (in Berlin office) passed at "
        "2026-11-30 10:00 UTC.")


def test_the_worker_command__marks_due_breaches(app, world):
    escalation_id = escalated(world).id
    world.clock.advance(hours=4)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "Marked 1 SLA breach(es)." in result.output, result.output
    assert db.session.get(Escalation, escalation_id).sla_breached_at == world.clock.now


def test_a_pass__marks_many_in_batches(world):
    escalations = [escalated(world) for _ in range(7)]
    world.clock.advance(hours=4)
    assert run_pass(now=world.clock.now, batch=3) == 7
    db.session.expire_all()
    assert all(e.sla_breached_at == world.clock.now for e in escalations)
    assert len(told("sla_breached")) == 7
