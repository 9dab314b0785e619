"""A running process instance: start, human tasks, messages, timers, status, state."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.message import (
    MessageEventDefinition as BaseMessageEventDefinition,
)
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.camunda.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.task import Task as SpiffTask
from SpiffWorkflow.util.task import TaskState

from .errors import (
    InvalidFormData,
    SandboxViolation,
    ScriptError,
    TaskNotReady,
    UnknownMessage,
    WorkflowError,
    causes,
)
from .forms import form_fields, validate_form
from .guards import DEFAULT_LIMITS, Limits
from .records import CompletedElement, ProcessView, ReadyTask, Status, StatusKind, WaitingEvent
from .script_engine import SandboxScriptEngine, Watch, storable
from .specs import ProcessSpec
from .state import dump_state, load_state
from .timers import parse_due

Clock = Callable[[], datetime]
MAX_AUTOMATIC_STEPS = 1_000
Operations = Mapping[str, Callable[..., Any]]
_ERROR_KEY = "error"


def system_clock() -> datetime:
    """The wall clock in UTC: the default the caller injects when it has no other."""
    return datetime.now(UTC)


def message_variable(name: str) -> str:
    """The variable a message payload is stored in: `de-escalate` -> `de_escalate`."""
    return re.sub(r"\W", "_", name)


class Instance:
    """One process instance; every step reads the injected clock once."""

    def __init__(
        self, spec: ProcessSpec, workflow: BpmnWorkflow, engine: SandboxScriptEngine, clock: Clock
    ) -> None:
        self.spec = spec
        self.workflow = workflow
        self._engine = engine
        self._clock = clock

    @classmethod
    def start(cls, spec: ProcessSpec, **options: Any) -> Instance:
        """Start an instance (with the options of `new`) and run it until it waits."""
        instance = cls.new(spec, **options)
        instance._advance(None)
        return instance

    @classmethod
    def new(
        cls,
        spec: ProcessSpec,
        *,
        variables: Mapping[str, Any],
        operations: Operations | None = None,
        clock: Clock = system_clock,
        limits: Limits = DEFAULT_LIMITS,
        watch: Watch | None = None,
    ) -> Instance:
        """An instance with these variables that has not run yet: `resume()` starts it."""
        if not storable(dict(variables)):
            raise WorkflowError("variables must be plain data (text, numbers, lists, dicts)")
        engine = SandboxScriptEngine(operations=operations, limits=limits, watch=watch)
        workflow = BpmnWorkflow(spec.spec, spec.subprocess_specs, script_engine=engine)
        workflow.task_tree.data.update(variables)
        return cls(spec, workflow, engine, clock)

    @classmethod
    def restore(
        cls,
        spec: ProcessSpec,
        state: str,
        *,
        operations: Operations | None = None,
        clock: Clock = system_clock,
        limits: Limits = DEFAULT_LIMITS,
        watch: Watch | None = None,
    ) -> Instance:
        """Rebuild an instance from `serialize()` output; its spec comes from the library."""
        engine = SandboxScriptEngine(operations=operations, limits=limits, watch=watch)
        workflow = load_state(state, process_spec=spec, script_engine=engine)
        return cls(spec, workflow, engine, clock)

    def serialize(self) -> str:
        """The instance state as JSON, without the spec; store it with SERIALIZER_VERSION."""
        return dump_state(self.workflow, spec_hash=self.spec.hash)

    # -- human tasks ----------------------------------------------------------------------

    def ready_tasks(self, *, lane: str | None = None) -> list[ReadyTask]:
        """The user tasks waiting for a person, optionally only those of one lane."""
        tasks = self.workflow.get_tasks(state=TaskState.READY, manual=True)
        return [_human_task(t) for t in tasks if lane is None or t.task_spec.lane == lane]

    def complete_task(self, task_id: str | UUID, data: Mapping[str, Any]) -> None:
        """Validate `data` against the task's form, complete the task, run until it waits."""
        task = self._ready_task(task_id)
        try:
            cleaned = validate_form(form_fields(task.task_spec), data)
        except InvalidFormData as exc:
            raise InvalidFormData(exc.errors, element_id=task.task_spec.bpmn_id) from None
        task.data.update(cleaned)
        self._advance(task.run)

    def _ready_task(self, task_id: str | UUID) -> SpiffTask:
        try:
            task = self.workflow.get_task_from_id(UUID(str(task_id)))
        except (ValueError, WorkflowException):
            task = None
        if task is None or not task.task_spec.manual:
            raise TaskNotReady(f"there is no human task {task_id} in this instance")
        if task.state != TaskState.READY:
            raise TaskNotReady(
                f"task {task.task_spec.bpmn_name or task.task_spec.bpmn_id} is not ready "
                f"(it is {TaskState.get_name(task.state).lower()})",
                element_id=task.task_spec.bpmn_id,
                element_name=task.task_spec.bpmn_name,
            )
        return task

    # -- events ---------------------------------------------------------------------------

    def send_message(self, name: str, payload: Mapping[str, Any]) -> None:
        """Deliver a message; its payload lands in the variable `message_variable(name)`."""
        waiting = [e.name for e in self.waiting_events() if e.kind == "message"]
        if name not in waiting:
            expected = ", ".join(sorted(set(waiting))) or "no message"
            raise UnknownMessage(
                f"this process is not waiting for {name!r} (it waits for {expected})"
            )
        if not storable(dict(payload)):
            raise WorkflowError("a message payload must be plain data")
        event = BpmnEvent(
            MessageEventDefinition(name),
            payload={"payload": dict(payload), "result_var": message_variable(name)},
        )
        self._advance(lambda: self.workflow.send_event(event))

    def resume(self) -> None:
        """Run until the instance waits again, after its workflow was changed from outside."""
        self._advance(None)

    def fire_timers(self, *, now: datetime | None = None) -> None:
        """Fire the timers due at `now` (default: the injected clock) and run until it waits."""
        self._advance(self.workflow.refresh_timers, now=now)

    def waiting_events(self) -> list[WaitingEvent]:
        """The timers (with due time) and messages the instance waits for."""
        events = []
        for task in self.workflow.event_manager.tasks.values():
            if task.state != TaskState.WAITING:
                continue
            events.extend(_waiting(task))
        return sorted(events, key=lambda e: (e.due is None, e.due or datetime.min, e.element_id))

    @property
    def next_timer_due(self) -> datetime | None:
        """The earliest due time of a waiting timer (UTC), or None: index this column."""
        dues = [e.due for e in self.waiting_events() if e.due is not None]
        return min(dues) if dues else None

    # -- status and data ------------------------------------------------------------------

    @property
    def status(self) -> Status:
        """Waiting, completed, or error with the element and the message."""
        error = self.workflow.data.get(_ERROR_KEY)
        if error:
            return Status(StatusKind.ERROR, **error)
        if self.workflow.completed:
            return Status(StatusKind.COMPLETED)
        return Status(StatusKind.WAITING)

    @property
    def variables(self) -> dict[str, Any]:
        """The process variables as of the last completed step."""
        task = self.workflow.last_task or self.workflow.task_tree
        return dict(task.data)

    def view(self) -> ProcessView:
        """Completed elements, ready tasks, waiting events and the step history."""
        done = self.workflow.get_tasks(state=TaskState.COMPLETED)
        done = sorted((t for t in done if t.task_spec.bpmn_id), key=lambda t: t.last_state_change)
        history = tuple(
            CompletedElement(t.task_spec.bpmn_id, t.task_spec.bpmn_name, type(t.task_spec).__name__)
            for t in done
        )
        return ProcessView(
            completed=frozenset(s.element_id for s in history),
            ready=tuple(self.ready_tasks()),
            waiting=tuple(self.waiting_events()),
            history=history,
        )

    # -- stepping -------------------------------------------------------------------------

    def _advance(self, action: Callable[[], Any] | None, *, now: datetime | None = None) -> None:
        now = now or self._clock()
        if now.tzinfo is None:
            raise WorkflowError("the clock must give timezone-aware datetimes")
        self._engine.now = now
        try:
            if action is not None:
                action()
            self.workflow.do_engine_steps(did_complete_task=_StepBudget(self._engine.limits))
        except Exception as exc:
            error = translate(exc)
            self.workflow.data[_ERROR_KEY] = {
                "element_id": error.element_id,
                "element_name": error.element_name,
                "message": error.message,
            }
            raise error from exc


class _StepBudget:
    """Stops a step that keeps running automatic tasks (say, a loop through a parallel split)
    instead of reaching a wait: at most MAX_AUTOMATIC_STEPS tasks, or five times the script
    time limit, per user action."""

    def __init__(self, limits: Limits) -> None:
        self.left = MAX_AUTOMATIC_STEPS
        self.deadline = time.monotonic() + 5 * limits.seconds

    def __call__(self, task: SpiffTask) -> None:
        self.left -= 1
        if self.left < 0 or time.monotonic() > self.deadline:
            spec = task.task_spec
            raise SandboxViolation(
                "stopped: the process kept running without reaching a task, timer or message "
                "to wait for (an endless loop?)",
                element_id=spec.bpmn_id or spec.name, element_name=spec.bpmn_name)


def translate(exc: BaseException) -> WorkflowError:
    """Our error for anything raised while the workflow ran, naming the element."""
    found = next((e for e in causes(exc) if isinstance(e, WorkflowError)), None)
    if found is not None:
        return found
    spec = getattr(exc, "task_spec", None)
    return ScriptError(
        str(exc),
        original=exc,
        element_id=getattr(spec, "bpmn_id", None),
        element_name=getattr(spec, "bpmn_name", None),
    )


def _human_task(task: SpiffTask) -> ReadyTask:
    spec = task.task_spec
    return ReadyTask(
        id=str(task.id),
        element_id=spec.bpmn_id,
        name=spec.bpmn_name,
        lane=spec.lane,
        documentation=spec.documentation,
        form=form_fields(spec),
    )


def _waiting(task: SpiffTask) -> list[WaitingEvent]:
    spec = task.task_spec
    definition = spec.event_definition
    details = definition.details(task)
    if isinstance(definition, TimerEventDefinition):
        kind, due = "timer", parse_due(details.value)
    elif isinstance(definition, BaseMessageEventDefinition):
        kind, due = "message", None
    else:
        kind, due = type(definition).__name__.replace("EventDefinition", "").lower(), None
    return [WaitingEvent(spec.bpmn_id, spec.bpmn_name, kind, details.name, due)]
