"""Timers by the injected clock, messages, task readiness and error status."""

from __future__ import annotations

from datetime import timedelta

import pytest

from workflows import (
    Instance,
    ScriptError,
    StatusKind,
    TaskNotReady,
    UnknownMessage,
    load_spec,
    message_variable,
)

HIGH = {"escalation": {"severity": "High Severity"}}


@pytest.mark.parametrize(("minutes", "element"), [(0, "approve"), (59, "approve"),
                                                  (60, "handover"), (600, "handover")])
def test_fire_timers__fires_only_when_due_by_the_injected_clock(start, t0, minutes, element):
    instance = start()
    instance.fire_timers(now=t0 + timedelta(minutes=minutes))
    assert [t.element_id for t in instance.ready_tasks()] == [element]


def test_fire_timers__uses_the_instance_clock_when_no_time_is_given(approval_spec, t0):
    now = [t0]
    instance = Instance.start(approval_spec, variables=HIGH, clock=lambda: now[0])
    now[0] = t0 + timedelta(hours=2)
    instance.fire_timers()
    assert [t.lane for t in instance.ready_tasks()] == ["Escalation manager"]


def test_handover__moves_the_task_to_the_second_lane(start, t0):
    instance = start()
    instance.fire_timers(now=t0 + timedelta(hours=1, seconds=1))
    assert instance.ready_tasks(lane="Approvers") == []
    (task,) = instance.ready_tasks(lane="Escalation manager")
    assert task.name == "Approve escalation (handover)"
    assert instance.next_timer_due is None


def test_send_message__not_waited_for_is_a_clear_error(start):
    instance = start()
    with pytest.raises(UnknownMessage, match="not waiting for 'de-escalate'"):
        instance.send_message("de-escalate", {"justification": "x", "by": "bob"})


def test_send_message__stores_the_payload_in_a_variable_named_after_it(start):
    instance = start()
    (task,) = instance.ready_tasks()
    instance.complete_task(task.id, {"decision": "approve_option"})
    assert [e.name for e in instance.waiting_events()] == ["de-escalate"]
    instance.send_message("de-escalate", {"justification": "fixed", "by": "bob"})
    assert instance.variables[message_variable("de-escalate")] == {
        "justification": "fixed", "by": "bob"}


def test_complete_task__that_is_not_ready_is_a_clear_error(start, t0):
    instance = start()
    (task,) = instance.ready_tasks()
    instance.fire_timers(now=t0 + timedelta(hours=2))
    with pytest.raises(TaskNotReady, match="is not ready") as caught:
        instance.complete_task(task.id, {"decision": "approve_option"})
    assert caught.value.element_id == "approve"


@pytest.mark.parametrize("task_id", ["not-a-uuid", "5b0c6a2e-3f38-4f0e-9a57-3f4f0f0f0f0f"])
def test_complete_task__unknown_id_is_a_clear_error(start, task_id):
    with pytest.raises(TaskNotReady):
        start().complete_task(task_id, {})


def test_failed_operation__leaves_an_error_status_that_survives_restore(approval_spec, t0):
    def escalate():
        raise RuntimeError("record locked")

    instance = Instance.start(
        approval_spec, variables=HIGH, operations={"escalate": escalate}, clock=lambda: t0
    )
    (task,) = instance.ready_tasks()
    with pytest.raises(ScriptError, match="record locked"):
        instance.complete_task(task.id, {"decision": "approve_option"})
    restored = Instance.restore(approval_spec, instance.serialize())
    for status in (instance.status, restored.status):
        assert status.kind is StatusKind.ERROR
        assert status.element_id == "do_escalate"
        assert "escalate() failed: record locked" in status.message


def test_date_and_cycle_timers__follow_the_injected_clock_across_restores(diagram, recorder, t0):
    spec = load_spec(diagram("timers.bpmn"))
    instance = Instance.start(spec, variables={}, operations=recorder.operations(),
                              clock=lambda: t0)
    assert instance.next_timer_due == t0.replace(hour=12)
    seen = []
    for hours in (3, 3.5, 4.1, 5.2, 9):
        instance.fire_timers(now=t0 + timedelta(hours=hours))
        instance = Instance.restore(spec, instance.serialize(), operations=recorder.operations())
        seen.append((recorder.names().count("notify"), instance.next_timer_due))
    assert seen == [(0, t0.replace(hour=13)), (0, t0.replace(hour=13)),
                    (1, t0.replace(hour=14)), (2, None), (2, None)]
