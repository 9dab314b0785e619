"""Compare the raw SpiffWorkflow loop with the engine layer on the approval diagram, and one step
in process with the same step through the jail (a worker process with its limits).

Run as `python bench/engine.py`. Each line prints the median of both and the ratio ours/raw;
the jail table interleaves its two sides sample by sample and prints the jail's overhead.
The raw loop runs the same diagram with its timer and condition rewritten as the Python
SpiffWorkflow's default script engine evaluates (it has no JUEL and no bare ISO 8601).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
from SpiffWorkflow.util.task import TaskState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workflows import (  # noqa: E402
    CompleteTask,
    Instance,
    Operation,
    Param,
    SpecLibrary,
    Start,
    run_step,
)
from workflows.jail import Jail, JailSettings, SpecSource  # noqa: E402

DIAGRAMS = ROOT / "tests" / "workflows" / "diagrams"
BPMN = (DIAGRAMS / "approval.bpmn").read_bytes()
DMN = (DIAGRAMS / "route.dmn").read_bytes()
RAW_BPMN = BPMN.replace(b">PT1H<", b">'PT1H'<").replace(
    b'${decision == "approve_option" || decision == "approve_handover"}',
    b'decision == "approve_option" or decision == "approve_handover"',
)
VARIABLES = {
    "escalation": {"number": "ESC0000001", "severity": "High Severity"},
    "case": {"number": "CS0000001"},
    "account": {"number": "ACC0000001"},
    "template": {"name": "Standard Case Escalation"},
    "sla_duration": "PT4H",
}
DECISION = {"decision": "approve_option", "comment": "ok"}
NAMES = ("escalate", "decline", "close", "add_work_note")
ROUNDS = 400
STANDARD = (ROOT / "bpmn" / "standard_case_escalation.bpmn").read_bytes()
STEP_OPS = {"escalate": (), "decline": (Param("reason", default=""),), "close": (),
            "request_de_escalation": (), "reject_de_escalation": (Param("reason", default=""),),
            "notify": (Param("to"), Param("subject"), Param("body", default=""))}


def noop(*args: object) -> None:
    """An operation that does nothing, so both sides pay only for the engine."""


OPERATIONS = {name: noop for name in NAMES}


def median_ms(action: Callable[[], object]) -> float:
    """The median wall time of `action` over ROUNDS runs, in milliseconds."""
    for _ in range(20):
        action()
    samples = []
    for _ in range(ROUNDS):
        began = time.perf_counter_ns()
        action()
        samples.append(time.perf_counter_ns() - began)
    return statistics.median(samples) / 1e6


class Raw:
    """The loop as SpiffWorkflow's documentation writes it."""

    def __init__(self) -> None:
        parser = CamundaParser()
        parser.add_dmn_str(DMN)
        parser.add_bpmn_str(RAW_BPMN)
        self.spec = parser.get_spec("approval")
        self.subprocesses = parser.get_subprocess_specs("approval")
        self.serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
        self.state = self.serializer.serialize_json(self.start())

    def engine(self) -> PythonScriptEngine:
        return PythonScriptEngine(environment=TaskDataEnvironment(dict(OPERATIONS)))

    def start(self) -> BpmnWorkflow:
        workflow = BpmnWorkflow(self.spec, self.subprocesses, script_engine=self.engine())
        workflow.task_tree.data.update(VARIABLES)
        workflow.do_engine_steps()
        workflow.get_tasks(state=TaskState.READY, manual=True)
        return workflow

    def complete(self) -> BpmnWorkflow:
        workflow = self.serializer.deserialize_json(self.state)
        workflow.script_engine = self.engine()
        (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
        task.data.update(DECISION)
        task.run()
        workflow.do_engine_steps()
        return workflow

    def serialize(self) -> str:
        return self.serializer.serialize_json(self.workflow)


class Ours:
    """The same steps through the engine layer, sandbox on."""

    def __init__(self) -> None:
        self.library = SpecLibrary()
        self.spec = self.library.load(BPMN, dmn=[DMN])
        self.state = self.start().serialize()

    def clock(self) -> datetime:
        return datetime.now(UTC)

    def start(self) -> Instance:
        instance = Instance.start(
            self.spec, variables=VARIABLES, operations=OPERATIONS, clock=self.clock
        )
        instance.ready_tasks()
        return instance

    def complete(self) -> Instance:
        spec = self.library.get(self.spec.hash)
        instance = Instance.restore(spec, self.state, operations=OPERATIONS, clock=self.clock)
        (task,) = instance.ready_tasks()
        instance.complete_task(task.id, DECISION)
        return instance

    def serialize(self) -> str:
        return self.instance.serialize()


class Steps:
    """The approval of the shipped Standard Case Escalation as one step (restore, complete the
    task, run the Escalate script, wait for de-escalation): in this process, and in the jail."""

    def __init__(self) -> None:
        self.operations = tuple(Operation(name, "", params) for name, params in STEP_OPS.items())
        self.spec = SpecLibrary().load(STANDARD)
        self.now = datetime.now(UTC)
        variables = {**VARIABLES, "approval_required": True}
        start = run_step(self.spec, None, Start(variables), now=self.now,
                         operations=self.operations)
        self.state = start.state
        self.event = CompleteTask(start.tasks[0].id, {"decision": "approve"})
        self.jail = Jail(JailSettings(workers=1), operations=self.operations)
        self.source = SpecSource(self.spec.hash, lambda: STANDARD.decode())

    def in_process(self) -> object:
        return run_step(self.spec, self.state, self.event, now=self.now,
                        operations=self.operations)

    def jailed(self) -> object:
        return self.jail.step(self.source, self.state, self.event, now=self.now)


def jail_overhead() -> None:
    """Interleave the in-process and the jailed step; print both medians and the difference."""
    steps = Steps()
    try:
        for _ in range(50):
            steps.in_process(), steps.jailed()
        inside, jailed = [], []
        for _ in range(ROUNDS):
            for action, samples in ((steps.in_process, inside), (steps.jailed, jailed)):
                began = time.perf_counter_ns()
                action()
                samples.append(time.perf_counter_ns() - began)
    finally:
        steps.jail.close()
    inside_ms, jailed_ms = statistics.median(inside) / 1e6, statistics.median(jailed) / 1e6
    print(f"\n{'one step (restore, complete, wait)':38} {'in ms':>8} {'jail ms':>8} "
          f"{'overhead':>8}")
    print(f"{'run_step':38} {inside_ms:8.3f} {jailed_ms:8.3f} {jailed_ms - inside_ms:8.3f}")


def main() -> None:
    """Print one line per step: raw median, our median, ratio; then the jail's overhead."""
    raw, ours = Raw(), Ours()
    raw.workflow, ours.instance = raw.start(), ours.start()
    lines = [
        ("start to first task", raw.start, ours.start),
        ("restore, complete, run to next wait", raw.complete, ours.complete),
        ("serialize", raw.serialize, ours.serialize),
    ]
    print(f"{'step':38} {'raw ms':>8} {'ours ms':>8} {'ours/raw':>8}")
    for label, raw_step, our_step in lines:
        raw_ms, our_ms = median_ms(raw_step), median_ms(our_step)
        print(f"{label:38} {raw_ms:8.3f} {our_ms:8.3f} {our_ms / raw_ms:8.2f}")
    raw_size, our_size = len(raw.serialize()), len(ours.serialize())
    print(f"state size: raw {raw_size} bytes (with spec), ours {our_size} bytes (without)")
    jail_overhead()


if __name__ == "__main__":
    main()
