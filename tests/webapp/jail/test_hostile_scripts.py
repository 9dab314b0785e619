"""Hostile scripts, published and run through the real paths: each ends with the escalation
refused or its process failed with a clear message, and the jail's workers replaced."""

import os
import resource
import time

import pytest

from tests.escalation_world import case_in, request_form
from tests.webapp.jail.bombs import BOMBS, KILLED, publish_escalate_bomb, publish_timer_bomb
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.process import worker
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.process.runner import ProcessFailed
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates.models import StepKill
from webapp.extensions import db


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _all_workers(jail) -> set[int]:
    """The workers' pids once the pool has all of them (a replacement may be starting); none
    before the pool's first step."""
    deadline = time.monotonic() + 10
    while 0 < len(jail.worker_pids()) < jail.settings.workers and time.monotonic() < deadline:
        time.sleep(0.01)
    return set(jail.worker_pids())


def _request(world, template: str) -> Escalation:
    with boundary():  # each action ends its transaction as a request would
        return service.request_escalation(source=case_in(world), actor=world.alice,
                                          form=request_form(template=template))


def _run_request_path(world, script: str) -> str:
    name = publish_escalate_bomb(world, script, skip_approval=True)
    with pytest.raises(ProcessFailed) as failed:
        _request(world, name)
    assert db.session.query(Escalation).count() == 0
    return failed.value.message


def _run_decide_path(world, script: str) -> str:
    escalation = _request(world, publish_escalate_bomb(world, script))
    task = db.session.query(HumanTask).filter_by(state="open").one()
    with pytest.raises(ProcessFailed) as failed, boundary():
        tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    _assert_failed_and_kept(escalation, task.id)
    return failed.value.message


def _run_timer_path(world, script: str) -> str:
    escalation = _request(world, publish_timer_bomb(world, script))
    task = db.session.query(HumanTask).filter_by(state="open").one()
    world.clock.advance(hours=2)
    assert worker.run_pass(now=world.clock.now) == 0
    _assert_failed_and_kept(escalation, task.id)
    instance = db.session.query(WorkflowInstance).one()
    return f"{instance.error_element}: {instance.error_message}"


def _assert_failed_and_kept(escalation: Escalation, task_id: int) -> None:
    db.session.expire_all()
    assert db.session.query(WorkflowInstance).one().status == "error"
    assert db.session.get(Escalation, escalation.id).state == "requested"
    assert db.session.get(HumanTask, task_id).state == "open"


PATHS = {"request": (_run_request_path, "Escalate"), "decide": (_run_decide_path, "Escalate"),
         "timer": (_run_timer_path, "Prepare")}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("bomb", BOMBS)
def test_hostile_script__fails_its_step_clearly_and_the_jail_recovers(world, jail, bomb, path):
    script, expected, jailed = BOMBS[bomb]
    run, step = PATHS[path]
    workers_before = _all_workers(jail)
    own_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    message = run(world, script)

    assert expected.format(step=step) in message
    killed = db.session.query(StepKill).count()
    assert killed in {True: {1}, False: {0}, None: {0, 1}}[jailed]
    if killed:
        assert any(kill in message for kill in KILLED)
        assert _all_workers(jail) != workers_before  # the worker that passed was replaced
    for pid in jail.worker_pids():
        assert _rss_mb(pid) < jail.settings.memory_mb
    # The web process never held the bomb's data (ru_maxrss is this process's peak).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - own_before < 100
    assert os.getpid() not in jail.worker_pids()


def test_a_failure_remembered_late__does_not_mark_a_step_that_went_through(app, world, jail):
    slow = "x = list(range(10**6))\nx.sort(key=str)\nx = len(x)"
    escalation = _request(world, publish_escalate_bomb(world, slow))
    task_id = db.session.query(HumanTask).filter_by(state="open").one().id
    app.config["ENGINE_STEP_SECONDS"] = 0.05  # the first try is stopped...
    with pytest.raises(ProcessFailed) as failed:
        tasks.complete(task_id=task_id, data={"decision": "approve"}, actor=world.bob)
    db.session.rollback()  # ...its action rolled back, which lets go of the instance's lock,
    app.config.update(ENGINE_STEP_SECONDS=30.0, ENGINE_MEMORY_MB=1024)
    with boundary():  # ...and a second try takes the row and goes through
        tasks.complete(task_id=task_id, data={"decision": "approve"}, actor=world.bob)
    failed.value.remember()  # the first failure is written only now
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Escalation, escalation.id).state == "escalated"
    assert db.session.query(WorkflowInstance).one().status == "waiting"
    assert db.session.query(StepKill).count() == 1  # the stopped step still counts
