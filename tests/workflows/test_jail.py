"""The jail: steps in worker processes, specs sent by hash, limits that end a step cleanly."""

import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.workflows.conftest import script_diagram
from webapp.escalations.contract import OPERATIONS
from workflows import CompleteTask, InvalidFormData, Start, TaskNotReady, run_step
from workflows.jail import (
    WORKER_ENVIRONMENT,
    EngineBusy,
    Jail,
    JailSettings,
    SpecSource,
    StepKilled,
)
from workflows.specs import load_spec

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SHIPPED = Path(__file__).resolve().parents[2] / "bpmn" / "standard_case_escalation.bpmn"


@pytest.fixture(scope="module")
def jail():
    jail = Jail(JailSettings(workers=1, memory_mb=256, step_seconds=0.5, queue_seconds=0.2),
                operations=OPERATIONS)
    yield jail
    jail.close()


class Source:
    """A spec source that counts how often the jail asked for the XML."""

    def __init__(self, bpmn: bytes) -> None:
        self.xml, self.asked = bpmn.decode(), 0
        self.spec = load_spec(bpmn)

    def source(self) -> SpecSource:
        def xml() -> str:
            self.asked += 1
            return self.xml
        return SpecSource(self.spec.hash, xml)


def test_step__gives_what_the_same_step_gives_in_process(jail):
    spec = Source(script_diagram("add_work_note('hi')"))
    jailed = jail.step(spec.source(), None, Start({}), now=NOW)
    here = run_step(spec.spec, None, Start({}), now=NOW, operations=OPERATIONS)
    assert (jailed.status, jailed.tasks, jailed.effects) == (here.status, here.tasks,
                                                             here.effects)
    assert [(e.operation, e.args, e.element_id) for e in jailed.effects] == [
        ("add_work_note", {"text": "hi"}, "run")]


def test_spec__is_sent_only_when_the_worker_lacks_it(jail):
    spec = Source(script_diagram("x = 1"))
    for _ in range(3):
        jail.step(spec.source(), None, Start({}), now=NOW)
    assert spec.asked == 1


def test_engine_errors__cross_the_process_boundary_whole(jail):
    spec = Source(SHIPPED.read_bytes())
    variables = {"escalation": {"number": "E", "severity": "High", "justification": "j",
                                "requested_by": "a"}, "case": {"number": "C"},
                 "account": {"number": "A", "name": "N", "tier": "gold"},
                 "template": {"name": "T"}, "sla_duration": "PT4H", "approval_required": True}
    started = jail.step(spec.source(), None, Start(variables), now=NOW)
    task_id = started.tasks[0].id
    with pytest.raises(InvalidFormData) as invalid:
        jail.step(spec.source(), started.state, CompleteTask(task_id, {"decision": "maybe"}),
                  now=NOW)
    assert "decision" in invalid.value.errors
    with pytest.raises(TaskNotReady, match="no human task"):
        jail.step(spec.source(), started.state, CompleteTask("nope", {}), now=NOW)


@pytest.fixture
def roomy_jail():
    """A wall clock far off, so the memory limit is what stops a step, however busy the CPU."""
    jail = Jail(JailSettings(workers=1, memory_mb=256, step_seconds=30), operations=OPERATIONS)
    yield jail
    jail.close()


def test_memory_past_the_limit__ends_the_step_naming_the_script(roomy_jail):
    jail = roomy_jail
    jail.step(Source(script_diagram("x = 1")).source(), None, Start({}), now=NOW)
    spec = Source(script_diagram("x = [[0] * 10**6 for i in range(64)]"))  # 512 MB, at once
    workers = jail.worker_pids()
    with pytest.raises(StepKilled, match="the script in Run used more than 256 MB") as killed:
        jail.step(spec.source(), None, Start({}), now=NOW)
    assert (killed.value.limit, killed.value.element_id) == ("memory", "run")
    assert jail.worker_pids() != workers
    assert jail.kills(spec.spec.hash, since=NOW) == 1


def test_wall_clock_past_the_limit__ends_the_step_and_the_next_one_runs(jail):
    spec = Source(script_diagram("x = ['a' * 10**6] * 10**6\nx.sort()"))
    with pytest.raises(StepKilled, match="the script in Run ran longer than 0.5 s"):
        jail.step(spec.source(), None, Start({}), now=NOW)
    assert jail.step(Source(script_diagram("x = 1")).source(), None, Start({}), now=NOW)


def test_every_worker_busy__the_next_step_is_told_at_once(jail):
    bomb = Source(script_diagram("x = ['a' * 10**6] * 10**6\nx.sort()"))
    ended: list[BaseException] = []

    def run_bomb() -> None:
        try:
            jail.step(bomb.source(), None, Start({}), now=NOW)
        except BaseException as error:  # looked at after join
            ended.append(error)

    running = threading.Thread(target=run_bomb)
    running.start()
    while not jail.running:
        time.sleep(0.001)
    with pytest.raises(EngineBusy, match="busy"):
        jail.step(Source(script_diagram("x = 1")).source(), None, Start({}), now=NOW)
    running.join()
    assert [type(error) for error in ended] == [StepKilled]


def test_state_past_the_limit__ends_the_step_and_counts(jail):
    spec = Source(script_diagram("x = ['a' * 10**5] * 30"))  # 3 MB of variables
    with pytest.raises(StepKilled, match="MB of process state") as killed:
        jail.step(spec.source(), None, Start({}), now=NOW)
    assert killed.value.limit == "state"
    assert jail.kills(spec.spec.hash, since=NOW) == 1


def test_result_too_big_to_send__is_a_memory_kill_not_a_crash(roomy_jail):
    spec = Source(script_diagram("x = ['a' * 10**6] * 80"))
    with pytest.raises(StepKilled) as killed:
        roomy_jail.step(spec.source(), None, Start({}), now=NOW)
    assert killed.value.limit in ("memory", "state")
    assert roomy_jail.kills(spec.spec.hash, since=NOW) == 1


def test_dry_run_steps__do_not_count_towards_suspension(jail):
    spec = Source(script_diagram("x = ['a' * 10**6] * 10**6\nx.sort()  # a dry run's"))
    with pytest.raises(StepKilled):
        jail.step(spec.source(), None, Start({}), now=NOW, counted=False)
    assert jail.kills(spec.spec.hash, since=NOW) == 0


def test_workers__see_no_secret_of_the_web_process(jail):
    jail.step(Source(script_diagram("x = 1")).source(), None, Start({}), now=NOW)
    for pid in jail.worker_pids():
        with open(f"/proc/{pid}/environ", "rb") as environ:
            names = {entry.split(b"=", 1)[0].decode() for entry in environ.read().split(b"\0")
                     if entry}
        # Whatever this process has beyond the few a worker needs (database URLs, keys...).
        assert not names & (set(os.environ) - WORKER_ENVIRONMENT)
