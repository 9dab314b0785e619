"""The approval diagram run down every path, state round-tripped after every step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from workflows import Instance, StatusKind


def act(instance: Instance, step: tuple, t0) -> None:
    """Perform one step of a path."""
    kind, *args = step
    if kind == "decide":
        element, decision, comment = args
        (task,) = instance.ready_tasks()
        assert task.element_id == element
        instance.complete_task(task.id, {"decision": decision, "comment": comment})
    elif kind == "timers_at":
        instance.fire_timers(now=t0 + timedelta(minutes=args[0]))
    elif kind == "message":
        instance.send_message(args[0], args[1])


DE_ESCALATE = ("message", "de-escalate", {"justification": "fixed", "by": "carol"})

PATHS = {
    "approved then de-escalated": (
        "High Severity",
        [("decide", "approve", "approve_option", None), DE_ESCALATE],
        [("escalate",), ("add_work_note", "Escalated (urgent)"),
         ("add_work_note", "De-escalated by carol: fixed"), ("close",)],
    ),
    "rejected with a reason": (
        "High Severity",
        [("decide", "approve", "reject_option", "not yet")],
        [("decline", "not yet")],
    ),
    "handed over after an hour, then approved": (
        "Medium Severity",
        [("timers_at", 59), ("timers_at", 61), ("decide", "handover", "approve_handover", ""),
         DE_ESCALATE],
        [("escalate",), ("add_work_note", "Escalated (normal)"),
         ("add_work_note", "De-escalated by carol: fixed"), ("close",)],
    ),
    "handed over, then rejected without a reason": (
        "High Severity",
        [("timers_at", 61), ("decide", "handover", "reject_handover", None)],
        [("decline", "no reason given")],
    ),
}


@pytest.mark.parametrize(("severity", "steps", "expected_calls"), PATHS.values(), ids=PATHS)
def test_path__runs_to_completion_and_round_trips_after_every_step(
    start, recorder, round_trip, t0, severity, steps, expected_calls
):
    instance = round_trip(start(escalation={"severity": severity}))
    for step in steps:
        act(instance, step, t0)
        instance = round_trip(instance)
    assert recorder.calls == expected_calls
    assert instance.status.kind is StatusKind.COMPLETED
    assert instance.ready_tasks() == []
    assert instance.next_timer_due is None


def test_start__waits_on_the_approval_task_in_its_lane_with_its_form(start):
    instance = start()
    (task,) = instance.ready_tasks()
    assert (task.element_id, task.name, task.lane) == ("approve", "Approve escalation", "Approvers")
    assert task.documentation == "Approve or reject the escalation."
    decision, comment = task.form
    assert (decision.id, decision.type, decision.required) == ("decision", "enum", True)
    assert [o.id for o in decision.options] == ["approve_option", "reject_option"]
    assert (comment.id, comment.type, comment.required) == ("comment", "string", False)
    assert instance.ready_tasks(lane="Escalation manager") == []


def test_start__schedules_the_handover_timer_one_hour_after_the_injected_clock(start, t0):
    instance = start()
    (timer,) = [e for e in instance.waiting_events() if e.kind == "timer"]
    assert timer.element_id == "approve_timeout"
    assert timer.due == t0 + timedelta(hours=1)
    assert instance.next_timer_due == t0 + timedelta(hours=1)


def test_view__shows_completed_elements_ready_tasks_and_history(start):
    instance = start()
    view = instance.view()
    assert {"start", "route"} <= view.completed
    assert [t.element_id for t in view.ready] == ["approve"]
    assert [w.element_id for w in view.waiting] == ["approve_timeout"]
    assert [s.element_id for s in view.history] == ["start", "route"]


def test_variables__hold_the_start_variables_and_the_dmn_result(start, variables):
    instance = start()
    assert instance.variables["lane"] == "urgent"
    assert instance.variables["case"] == variables["case"]


def test_state__leaves_the_spec_out(start):
    state = start().serialize()
    assert '"spec":' not in state
    assert "task_specs" not in state
