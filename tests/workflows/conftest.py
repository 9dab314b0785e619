"""Fixtures for engine tests: diagrams, a spec library, recorded operations, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from webapp.escalations.contract import OPERATION_NAMES, OPERATIONS
from workflows import Instance, SpecLibrary
from workflows.effects import EffectLog

DIAGRAMS = Path(__file__).parent / "diagrams"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def read_diagram(name: str) -> bytes:
    """The bytes of a test diagram."""
    return (DIAGRAMS / name).read_bytes()


def script_diagram(script: str, *, condition: str | None = None) -> bytes:
    """A one-lane process: start, a script task running `script`, end (optionally a gateway)."""
    flow = (
        f'<bpmn:conditionExpression>{escape(condition)}</bpmn:conditionExpression>'
        if condition else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="scripted" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="run" name="Run" scriptFormat="python">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>{escape(script)}</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:exclusiveGateway id="gate" default="f4">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="yes"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="no"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="run" />
    <bpmn:sequenceFlow id="f2" sourceRef="run" targetRef="gate" />
    <bpmn:sequenceFlow id="f3" sourceRef="gate" targetRef="yes">{flow or
        '<bpmn:conditionExpression>False</bpmn:conditionExpression>'}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="gate" targetRef="no" />
  </bpmn:process>
</bpmn:definitions>""".encode()


class Recorder:
    """The engine's effect log over the operations the web app declares (its template
    contract), with each call read back as (name, *arguments)."""

    def __init__(self) -> None:
        self.log = EffectLog(OPERATIONS)

    def operations(self) -> dict:
        """One recording function per declared operation."""
        return self.log.functions()

    @property
    def calls(self) -> list[tuple]:
        """Every call so far, in order, with its arguments (defaults filled in)."""
        return [(effect.operation, *effect.args.values()) for effect in self.log.effects]

    def names(self) -> list[str]:
        """The names of the operations called, in order."""
        return [effect.operation for effect in self.log.effects]


@pytest.fixture
def t0() -> datetime:
    return T0


@pytest.fixture
def operation_names() -> tuple[str, ...]:
    """The names of the operations the web app hands every template."""
    return OPERATION_NAMES


@pytest.fixture
def diagram():
    """`diagram(name)`: the bytes of a file under tests/workflows/diagrams."""
    return read_diagram


@pytest.fixture
def scripted():
    """`scripted(script, condition=None)`: a one-script-task diagram."""
    return script_diagram


@pytest.fixture
def library() -> SpecLibrary:
    return SpecLibrary()


@pytest.fixture
def approval_spec(library):
    return library.load(read_diagram("approval.bpmn"), dmn=[read_diagram("route.dmn")])


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def variables() -> dict:
    return {
        "escalation": {"number": "ESC0000001", "severity": "High Severity"},
        "case": {"number": "CS0000001"},
        "account": {"number": "ACC0000001"},
        "template": {"name": "Standard Case Escalation"},
        "sla_duration": "PT4H",
    }


@pytest.fixture
def start(approval_spec, recorder, variables):
    """Start the approval diagram at T0 with recorded operations."""

    def _start(**overrides) -> Instance:
        return Instance.start(
            approval_spec,
            variables={**variables, **overrides},
            operations=recorder.operations(),
            clock=lambda: T0,
        )

    return _start


@pytest.fixture
def round_trip(recorder):
    """Serialize, restore, and check the restored instance is the same in every respect."""

    def _round_trip(instance: Instance) -> Instance:
        state = instance.serialize()
        restored = Instance.restore(
            instance.spec, state, operations=recorder.operations(), clock=lambda: T0
        )
        assert restored.serialize() == state
        assert restored.ready_tasks() == instance.ready_tasks()
        assert restored.waiting_events() == instance.waiting_events()
        assert restored.variables == instance.variables
        assert restored.status == instance.status
        return restored

    return _round_trip
