"""Compare the raw SpiffWorkflow loop with the engine layer on the approval diagram.

Run as `python bench/engine.py`. Each line prints the median of both and the ratio ours/raw.
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

from workflows import Instance, SpecLibrary  # noqa: E402

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


def main() -> None:
    """Print one line per step: raw median, our median, ratio."""
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


if __name__ == "__main__":
    main()
