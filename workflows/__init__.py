"""Engine layer: SpiffWorkflow behind a small, safe API. Imports neither Flask nor SQLAlchemy."""

from .checker import check_template
from .effects import Effect, Operation, Param
from .errors import (
    IncompatibleState,
    InvalidDiagram,
    InvalidFormData,
    Problem,
    SandboxViolation,
    ScriptError,
    TaskNotReady,
    UnknownMessage,
    UnknownSpec,
    WorkflowError,
)
from .forms import FormField, Option, validate_form
from .guards import DEFAULT_LIMITS, Limits
from .instance import Instance, message_variable, system_clock
from .migration import MigrationRefused, migrate, migration_blockers
from .records import CompletedElement, ProcessView, ReadyTask, Status, StatusKind, WaitingEvent
from .specs import ProcessSpec, SpecLibrary, content_hash, load_spec
from .state import SERIALIZER_VERSION
from .step import CompleteTask, DeliverMessage, Event, FireTimers, MoveTo, Outcome, Start, run_step

__all__ = [
    "CompleteTask",
    "CompletedElement",
    "DeliverMessage",
    "Effect",
    "Event",
    "FireTimers",
    "MoveTo",
    "Operation",
    "Outcome",
    "Param",
    "ReadyTask",
    "Start",
    "run_step",
    "DEFAULT_LIMITS",
    "SERIALIZER_VERSION",
    "FormField",
    "IncompatibleState",
    "Instance",
    "InvalidDiagram",
    "InvalidFormData",
    "Limits",
    "Option",
    "Problem",
    "ProcessSpec",
    "ProcessView",
    "SandboxViolation",
    "ScriptError",
    "SpecLibrary",
    "Status",
    "StatusKind",
    "TaskNotReady",
    "UnknownMessage",
    "UnknownSpec",
    "WaitingEvent",
    "WorkflowError",
    "check_template",
    "content_hash",
    "load_spec",
    "message_variable",
    "migrate",
    "migration_blockers",
    "MigrationRefused",
    "system_clock",
    "validate_form",
]
