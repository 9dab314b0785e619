"""Reminders: a task open longer than its template's reminder period reminds its candidates,
once per period; My approvals shows each task's age in colour and in words."""

import pytest
import sqlalchemy as sa

from tests.escalation_world import escalate_case
from tests.workers import side_by_side
from webapp.common.transactions import boundary
from webapp.escalations.process import reminders
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates import service as templates
from webapp.extensions import db
from webapp.notifications.models import Notification

STANDARD = "Standard Case Escalation"
CRITICAL = "Critical Case Escalation"


def _remind(world, **later) -> int:
    world.clock.advance(**later)
    with boundary():
        return reminders.remind_due(now=world.clock.now)


def _reminded() -> list[str]:
    rows = db.session.query(Notification).filter_by(kind="reminder").order_by(Notification.id)
    return [n.recipient.username for n in rows]


def _set_reminder(name: str, period: str) -> None:
    templates.get_by_name(name).reminder = period
    db.session.commit()


def test_a_waiting_task__reminds_its_candidates_once_per_period(world):
    escalation = escalate_case(world)
    task = db.session.query(HumanTask).one()
    assert _remind(world, hours=1, minutes=59) == 0
    assert _remind(world, minutes=1) == 1
    assert sorted(_reminded()) == ["bob", "carol"]
    note = db.session.query(Notification).filter_by(kind="reminder", recipient=world.bob).one()
    assert note.subject == (f"{escalation.number} Approve escalation still waits for you (2 h): "
                            f"High Severity, {escalation.account.name} — {escalation.case.number}")
    assert (note.record_type, note.record_id) == ("task", task.id)
    db.session.refresh(task)
    assert task.reminded_at == world.clock.now
    assert _remind(world, hours=1, minutes=59) == 0  # once per period
    assert _remind(world, minutes=1) == 1
    assert len(_reminded()) == 4


def test_an_empty_reminder__never_reminds(world):
    _set_reminder(STANDARD, "")
    escalate_case(world)
    assert _remind(world, days=30) == 0
    assert _reminded() == []


def test_each_template__reminds_after_its_own_period(world):
    _set_reminder(CRITICAL, "P1D")
    escalate_case(world)  # standard: PT2H, bob and carol
    escalate_case(world, template=CRITICAL)  # level 1: bob, for a day (its timer is not fired)
    assert _remind(world, hours=3) == 1
    assert sorted(_reminded()) == ["bob", "carol"]
    assert _remind(world, hours=21) == 2  # standard again (its period passed twice) and critical
    assert sorted(_reminded()) == ["bob", "bob", "bob", "carol", "carol"]


def test_a_decided_task__is_not_reminded(world):
    escalate_case(world)
    task = db.session.query(HumanTask).one()
    with boundary():
        tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    assert _remind(world, hours=5) == 0


def _statements_to_find_due(world) -> tuple[int, list[str]]:
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        due = reminders.due(now=world.clock.now)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(due), statements


def test_finding_due_tasks__takes_one_query_however_many_wait(world):
    escalate_case(world)
    world.clock.advance(hours=3)
    few, before = _statements_to_find_due(world)
    for _ in range(10):
        escalate_case(world)
    world.clock.advance(hours=3)
    many, after = _statements_to_find_due(world)
    assert (few, many) == (1, 11)
    assert len(after) == len(before)  # the same statements for eleven tasks as for one
    assert len([s for s in after if "FROM human_task" in s]) == 1


def test_worker_command__reminds_in_its_pass(app, world):
    escalate_case(world)
    world.clock.advance(hours=2)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "Reminded 1 task(s)." in result.output
    assert sorted(_reminded()) == ["bob", "carol"]


@pytest.mark.parametrize("later, level, says", [
    ({"minutes": 45}, "early", "Reminder after 2 h"),
    ({"hours": 2, "minutes": 5}, "reminded", "Past the 2 h reminder"),
    ({"hours": 4}, "late", "Over twice the 2 h reminder"),
])
def test_my_approvals__shows_the_age_in_colour_and_words(world, as_user, later, level, says):
    escalate_case(world)
    world.clock.advance(**later)
    page = as_user("bob").get("/tasks/").text
    assert f'data-level="{level}"' in page and says in page
    colour = {"early": "success", "reminded": "warning", "late": "danger"}[level]
    assert f"text-bg-{colour}" in page


def test_my_approvals__without_reminders_shows_the_age_plainly(world, as_user):
    _set_reminder(STANDARD, "")
    escalate_case(world)
    world.clock.advance(days=3)
    page = as_user("carol").get("/tasks/").text
    assert 'data-level="plain"' in page and "3 d" in page and "No reminders" in page


def test_my_approvals__lists_only_the_users_own_tasks(world, as_user):
    escalate_case(world)
    assert 'data-level="early"' not in as_user("dave").get("/tasks/").text


@pytest.mark.real_commits  # two workers, each with its own connection and transactions
def test_two_workers__remind_each_task_once(app, world):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("workers share one PostgreSQL database; on SQLite one worker runs")
    for _ in range(30):
        escalate_case(world)
    now = world.clock.advance(hours=2)
    assert side_by_side(app, lambda: reminders.remind_due(now=now, limit=4)) == 30
    per_task = db.session.query(Notification.record_id, sa.func.count()).filter_by(
        kind="reminder").group_by(Notification.record_id).all()
    assert len(per_task) == 30 and {n for _, n in per_task} == {2}  # bob and carol, once
