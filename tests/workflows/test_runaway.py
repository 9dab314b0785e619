"""Processes that would run away are stopped on their element, and the worker goes on."""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workflows import Instance, Limits, SandboxViolation, ScriptError, check_template, load_spec

DIAGRAMS = Path(__file__).parent / "diagrams"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _timers(cycle: str) -> bytes:
    return (DIAGRAMS / "timers.bpmn").read_text().replace("R2/PT1H", cycle).encode()


@pytest.mark.parametrize("cycle", ["R/PT0S", "R50/PT0S", "R3/PT30S"])
def test_cycle_faster_than_a_minute__is_refused_at_publish_and_at_run(cycle):
    problems = check_template(_timers(cycle), operations=("notify",), lane_resolves=lambda _: True)
    assert any(cycle in p.message for p in problems), problems
    with pytest.raises(ScriptError, match="at most once a minute"):
        instance = Instance.start(load_spec(_timers(cycle)), variables={}, clock=lambda: T0,
                                  operations={"notify": lambda *a: None})
        instance.fire_timers(now=T0 + timedelta(hours=4))


def test_loop_through_a_parallel_split__is_stopped_quickly():
    spec = load_spec((DIAGRAMS / "fork_loop.bpmn").read_bytes())
    began = time.monotonic()
    with pytest.raises(SandboxViolation, match="without reaching a task, timer or message"):
        Instance.start(spec, variables={"n": 0}, limits=Limits(seconds=0.5))
    assert time.monotonic() - began < 5
