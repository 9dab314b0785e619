"""A step is a function: (spec, state, event) -> outcome, where the scripts' operations come back
as effects (data) for the caller to apply. Nothing here keeps anything between two steps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .effects import Effect, EffectLog, Operation
from .errors import WorkflowError
from .guards import DEFAULT_LIMITS, Limits
from .instance import Instance
from .migration import migrate
from .records import CompletedElement, ReadyTask, Status, WaitingEvent
from .specs import ProcessSpec

Watch = Callable[[str | None, str | None], None]


@dataclass(frozen=True)
class Start:
    """Start a new instance with these variables."""

    variables: dict[str, Any]


@dataclass(frozen=True)
class CompleteTask:
    """Complete the ready human task `task_id` with this form data."""

    task_id: str
    data: dict[str, Any]


@dataclass(frozen=True)
class DeliverMessage:
    """Deliver a message; with `if_waiting`, an instance not waiting for it is left as it is."""

    name: str
    payload: dict[str, Any]
    if_waiting: bool = False


@dataclass(frozen=True)
class FireTimers:
    """Fire every timer due at the step's `now`."""


@dataclass(frozen=True)
class MoveTo:
    """Move the instance to another version of its diagram (`spec` is the new version's hash)."""

    spec: str


Event = Start | CompleteTask | DeliverMessage | FireTimers | MoveTo


@dataclass(frozen=True)
class Outcome:
    """What a step left: the new state and status, what it waits for, and the effects in order."""

    state: str
    status: Status
    tasks: tuple[ReadyTask, ...]
    waiting: tuple[WaitingEvent, ...]
    effects: tuple[Effect, ...]
    history: tuple[CompletedElement, ...] = field(default=())
    delivered: bool = True

    @property
    def next_timer_due(self) -> datetime | None:
        """The earliest due time of a waiting timer (UTC), or None."""
        dues = [e.due for e in self.waiting if e.due is not None]
        return min(dues) if dues else None


def run_step(
    spec: ProcessSpec,
    state: str | None,
    event: Event,
    *,
    now: datetime,
    operations: Sequence[Operation],
    limits: Limits = DEFAULT_LIMITS,
    history: bool = False,
    watch: Watch | None = None,
    target: ProcessSpec | None = None,
) -> Outcome:
    """Run one step; raise the engine's WorkflowError (naming the element) when it fails,
    with the elements completed until then as `history` when that was asked for.

    `watch` is told each element before its code runs (the jail uses it to say where a step it
    had to stop was); `target` is the new version's spec for a MoveTo event."""
    log = EffectLog(operations)

    def seen(element_id: str | None, element_name: str | None) -> None:
        log.element = (element_id, element_name)
        if watch is not None:
            watch(element_id, element_name)

    options = {"operations": log.functions(), "clock": lambda: now, "limits": limits,
               "watch": seen}
    if isinstance(event, Start):
        instance = Instance.new(spec, variables=event.variables, **options)
    else:
        instance = Instance.restore(spec, _required(state), **options)
    try:
        delivered = _apply(instance, event, target)
    except WorkflowError as error:
        if history:
            error.history = instance.view().history
        raise
    return Outcome(
        state=instance.serialize(),
        status=instance.status,
        tasks=tuple(instance.ready_tasks()),
        waiting=tuple(instance.waiting_events()),
        effects=tuple(log.effects),
        history=instance.view().history if history else (),
        delivered=delivered,
    )


def _required(state: str | None) -> str:
    if state is None:
        raise ValueError("only a Start event runs without a stored state")
    return state


def _apply(instance: Instance, event: Event, target: ProcessSpec | None) -> bool:
    if isinstance(event, Start):
        instance.resume()
    elif isinstance(event, CompleteTask):
        instance.complete_task(event.task_id, event.data)
    elif isinstance(event, DeliverMessage):
        waits = any(e.kind == "message" and e.name == event.name
                    for e in instance.waiting_events())
        if event.if_waiting and not waits:
            return False
        instance.send_message(event.name, event.payload)
    elif isinstance(event, FireTimers):
        instance.fire_timers()
    elif isinstance(event, MoveTo):
        if target is None or target.hash != event.spec:
            raise ValueError("a MoveTo step needs the target version's spec")
        migrate(instance, target)
    else:
        raise TypeError(f"not a step event: {event!r}")
    return True
