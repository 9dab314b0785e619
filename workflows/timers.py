"""Timer events that read the injected clock (the script engine's `now`), never the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.task import Task as SpiffTask

from .errors import WorkflowError


def engine_now(task: SpiffTask) -> datetime:
    """The clock reading of the step in progress, as set by the instance on its script engine."""
    now = getattr(task.workflow.top_workflow.script_engine, "now", None)
    if now is None:
        raise WorkflowError("no clock reading: timers need an injected `now`")
    return now


def _evaluate(task: SpiffTask, expression: str) -> str:
    value = task.workflow.script_engine.evaluate(task, expression)
    if not isinstance(value, str):
        raise WorkflowError(
            f"timer expression {expression!r} gave {value!r}; it must give an ISO 8601 text "
            "such as PT4H",
            element_id=task.task_spec.bpmn_id,
            element_name=task.task_spec.bpmn_name,
        )
    return value


class ClockTimeDate(TimeDateEventDefinition):
    """A timer due at a fixed date-time."""

    def has_fired(self, my_task: SpiffTask) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = _evaluate(my_task, self.expression)
            due = TimerEventDefinition.get_datetime(event_value)
            my_task._set_internal_data(event_value=due.isoformat())
            event_value = due.isoformat()
        if TimerEventDefinition.get_datetime(event_value) <= engine_now(my_task):
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class ClockDuration(DurationTimerEventDefinition):
    """A timer due a duration after the task started waiting."""

    def has_fired(self, my_task: SpiffTask) -> bool:
        event_value = my_task._get_internal_data("event_value")
        now = engine_now(my_task)
        if event_value is None:
            parsed = TimerEventDefinition.parse_iso_duration(_evaluate(my_task, self.expression))
            due = now + TimerEventDefinition.get_timedelta_from_start(parsed, now)
            event_value = due.isoformat()
            my_task._set_internal_data(event_value=event_value)
        if TimerEventDefinition.get_datetime(event_value) <= now:
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class ClockCycle(CycleTimerEventDefinition):
    """A repeating timer (`R3/PT1H`)."""

    def cycle_complete(self, my_task: SpiffTask) -> bool:
        now = engine_now(my_task)
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = first_cycle(_evaluate(my_task, self.expression), now)
        ready = False
        if event_value["cycles"] != 0:
            next_event = datetime.fromisoformat(event_value["next"])
            if next_event <= now:
                step = timedelta(seconds=event_value["duration"])
                event_value["next"] = (next_event + step).isoformat()
                event_value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
            return False
        my_task._set_internal_data(event_value=event_value)
        return ready


MIN_CYCLE_SECONDS = 60


def first_cycle(expression: str, now: datetime) -> dict[str, Any]:
    """The first firing, step and count of a cycle such as `R3/PT1H`, starting at `now`."""
    components = expression.upper().replace("--", "/").strip("R").split("/")
    cycles = int(components[0]) if components[0] else -1
    if len(components) == 2 and components[1].startswith("P"):
        parsed = TimerEventDefinition.parse_iso_duration(components[1])
        duration = TimerEventDefinition.get_timedelta_from_start(parsed, now)
        start = now + duration
    else:
        cycles, start, duration = TimerEventDefinition.parse_iso_recurring_interval(expression)
    if duration.total_seconds() < MIN_CYCLE_SECONDS:
        raise ValueError(f"a repeating timer repeats at most once a minute, not every {duration}")
    return {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}


CLOCK_TIMERS = {
    TimeDateEventDefinition: ClockTimeDate,
    DurationTimerEventDefinition: ClockDuration,
    CycleTimerEventDefinition: ClockCycle,
}


def parse_due(value: Any) -> datetime | None:
    """The due time of a waiting timer's event value, in UTC; None when it has none yet."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("next")
    try:
        return TimerEventDefinition.get_datetime(str(value)).astimezone(UTC)
    except ValueError:
        return None
