"""While a bomb runs in the jail, everyone else is served; many bombs suspend their template; a
killed worker leaves nothing written."""

import os
import signal
import threading
import time

import pytest

from tests.escalation_world import case_in, request_form
from tests.webapp.jail.bombs import BPMN, SORT, publish_escalate_bomb
from webapp.auth.models import User
from webapp.cases.models import Case
from webapp.common.transactions import boundary
from webapp.errors import Busy, DomainError, ValidationFailed
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.process import engine
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.process.runner import ProcessFailed
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates import dry_run
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import StepKill
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.severity import service as severities

# Threads act at once here, each on its own connection: these tests commit for real.
pytestmark = pytest.mark.real_commits

# A tenth of a second of C-level sorting: well inside every limit, long enough to be caught.
SLOW_BUT_FINE = "x = list(range(5 * 10**5))\nx.sort(key=str)\nx = len(x)"


def _wait_until(condition, *, what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


def _in_thread(app, action) -> tuple[threading.Thread, dict]:
    """Run `action` in its own thread and app context; its result or error lands in the dict."""
    outcome: dict = {}

    def run():
        with app.app_context():
            try:
                with boundary():
                    outcome["result"] = action()
            except Exception as error:  # the test looks at it after join
                outcome["error"] = error
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _request(world, **form) -> Escalation:
    """Alice requests an escalation of a new case, as one action (committed or rolled back)."""
    with boundary():
        return service.request_escalation(source=case_in(world), actor=world.alice,
                                          form=request_form(**form))


def _open_task_id() -> int:
    return db.session.query(HumanTask).filter_by(state="open").one().id


def test_another_users_request__is_answered_while_a_bomb_runs(app, world, jail, as_user):
    app.config["ENGINE_STEP_SECONDS"] = 2.5  # ample time for alice's page, however busy the CPU
    jail = engine.jail()
    _request(world, template=publish_escalate_bomb(world, SORT))
    task_id = _open_task_id()
    # Both log in before the bomb: a log-in's password hash can take more than a second on a
    # busy machine. Bob in an app context of his own, as Flask-Login keeps the user in its `g`.
    alice = as_user("alice")
    bob = app.test_client()
    with app.app_context():
        assert bob.post("/login", data={"username": "bob", "password": "demo"}).status_code == 302

    bomb, outcome = _in_thread(app, lambda: bob.post(f"/tasks/{task_id}",
                                                     data={"decision": "approve"}))
    _wait_until(lambda: jail.in_progress(), what="the bomb's step to start")
    page = alice.get("/cases/")
    assert page.status_code == 200
    assert bomb.is_alive()  # alice was answered while the bomb's step still ran
    bomb.join(timeout=30)

    assert outcome["result"].status_code == 409
    assert "the script in Escalate ran longer than 2.5 s" in outcome["result"].text
    db.session.expire_all()
    assert db.session.query(WorkflowInstance).one().status == "error"


def test_twenty_bombs_at_once__keep_the_pool_serving_and_suspend_the_template(app, world, jail):
    name = publish_escalate_bomb(world, SORT, skip_approval=True)
    case_ids = [case_in(world).id for _ in range(20)]
    alice_id = world.alice.id

    def bomb(case_id):
        def action():
            return service.request_escalation(source=db.session.get(Case, case_id),
                                              actor=db.session.get(User, alice_id),
                                              form=request_form(template=name))
        return action

    runs = [_in_thread(app, bomb(case_id)) for case_id in case_ids]
    for thread, _ in runs:
        thread.join(timeout=120)
    errors = [outcome.get("error") for _, outcome in runs]
    assert all(isinstance(e, DomainError) for e in errors)
    killed = [e for e in errors if isinstance(e, ProcessFailed)]
    suspended = [e for e in errors if isinstance(e, ValidationFailed)]
    busy = [e for e in errors if isinstance(e, Busy)]
    assert len(killed) + len(suspended) + len(busy) == 20
    # At most one more kill per other worker: steps already running when the third ended.
    assert 3 <= len(killed) <= 3 + jail.settings.workers - 1 and suspended
    assert all("is suspended" in e.fields["template"] for e in suspended)
    db.session.expire_all()
    template = templates.get_by_name(name)
    assert template.suspended_at is not None
    assert f"stopped {len(killed)} times within 10 minutes" in template.suspended_reason
    assert db.session.query(StepKill).count() == len(killed)
    told = {n.recipient.username for n in db.session.query(Notification)
            .filter_by(record_type="template", record_id=template.id)}
    assert told == {"pat", "admin"}
    assert db.session.query(Escalation).count() == 0
    # The pool serves the next user at once.
    assert _request(world).state == "requested"


def test_suspended_template__comes_back_with_a_new_version(world, jail):
    name = publish_escalate_bomb(world, SORT, skip_approval=True)
    for _ in range(3):
        with pytest.raises(ProcessFailed, match="ran longer than"):
            _request(world, template=name)
    with pytest.raises(ValidationFailed) as refused:
        _request(world, template=name)
    assert "publishing a fixed version" in refused.value.fields["template"]
    publish_escalate_bomb(world, "pass", name=name, skip_approval=True)
    assert _request(world, template=name).state == "escalated"


def test_kills_spread_over_more_than_ten_minutes__do_not_suspend(world, jail):
    name = publish_escalate_bomb(world, SORT, skip_approval=True)
    for _ in range(3):
        with pytest.raises(ProcessFailed):
            _request(world, template=name)
        world.clock.advance(minutes=6)
    assert templates.get_by_name(name).suspended_at is None


def test_worker_killed_mid_step__writes_nothing_and_the_next_try_works(app, world, jail):
    app.config.update(ENGINE_STEP_SECONDS=20.0, ENGINE_MEMORY_MB=1024)  # slow, not hostile
    escalation = _request(world, template=publish_escalate_bomb(world, SLOW_BUT_FINE))
    task_id, bob_id = _open_task_id(), world.bob.id
    slow_jail = engine.jail()

    def approve():
        return tasks.complete(task_id=task_id, data={"decision": "approve"},
                              actor=db.session.get(User, bob_id))

    thread, outcome = _in_thread(app, approve)
    _wait_until(lambda: any(e == "Task_Escalate" for _, e in slow_jail.in_progress()),
                what="the Escalate script to start")
    (pid, _), = slow_jail.in_progress()
    os.kill(pid, signal.SIGKILL)
    thread.join(timeout=60)

    assert isinstance(outcome["error"], Busy)
    assert "nothing was changed" in outcome["error"].message
    db.session.expire_all()
    assert db.session.get(Escalation, escalation.id).state == "requested"
    assert db.session.get(HumanTask, task_id).state == "open"
    assert db.session.query(WorkflowInstance).one().status == "waiting"
    assert db.session.query(StepKill).count() == 0  # not the template's fault
    with boundary():
        tasks.complete(task_id=task_id, data={"decision": "approve"}, actor=world.bob)
    assert db.session.get(Escalation, escalation.id).state == "escalated"


def test_full_pool__a_dry_run_is_told_busy_within_the_wait(app, world, jail, as_user):
    app.config.update(ENGINE_WORKERS=1, ENGINE_QUEUE_SECONDS=0.2, ENGINE_STEP_SECONDS=1.5)
    one = engine.jail()
    pat = as_user("pat")
    xml = (BPMN / "standard_case_escalation.bpmn").read_text()
    bomb_xml = xml.replace("<bpmn:script>escalate()", f"<bpmn:script>{SORT}\nescalate()", 1)
    case = case_in(world)
    case_id, case_number, alice_id = case.id, case.number, world.alice.id

    def run(text):
        return lambda: dry_run.dry_run(
            xml=text, source=db.session.get(Case, case_id), decisions=["approve"],
            template=templates.get_by_name("Standard Case Escalation"),
            severity=severities.get_active_by_name_or_raise("High Severity"),
            requester=db.session.get(User, alice_id))

    thread, outcome = _in_thread(app, run(bomb_xml))
    _wait_until(lambda: one.in_progress(), what="the bomb's step to start")
    started = time.monotonic()
    with pytest.raises(Busy, match="busy"):
        run(xml)()
    assert time.monotonic() - started < 1.0  # told within the bounded wait, not after the bomb
    answer = pat.post("/admin/dry-run", json={"xml": xml, "source_type": "case",
                                              "source": case_number, "decisions": ["approve"]})
    assert answer.status_code == 503
    assert "busy" in answer.get_json()["error"]
    assert thread.is_alive()  # both were told while the bomb still held the only worker
    thread.join(timeout=30)
    assert outcome["result"].status.kind == "error"


def test_suspended_template__is_marked_on_the_admin_pages(world, jail, as_user):
    name = publish_escalate_bomb(world, SORT, skip_approval=True)
    for _ in range(3):
        with pytest.raises(ProcessFailed):
            _request(world, template=name)
    template = templates.get_by_name(name)
    pat = as_user("pat")
    listing = pat.get("/admin/templates/").text
    assert "Suspended" in listing and "stopped 3 times within 10 minutes" in listing
    modeler = pat.get(f"/admin/templates/{template.id}/modeler").text
    assert 'id="suspended-notice"' in modeler


def test_suspended_template__is_not_offered_on_the_request_form(world, jail, as_user):
    name = publish_escalate_bomb(world, SORT, skip_approval=True)
    offered = as_user("alice").get(f"/escalations/new/case/{case_in(world).number}").text
    assert name in offered
    for _ in range(3):
        with pytest.raises(ProcessFailed):
            _request(world, template=name)
    offered = as_user("alice").get(f"/escalations/new/case/{case_in(world).number}").text
    assert name not in offered
