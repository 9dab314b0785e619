"""Plain records the engine hands out: human tasks, waiting events, status, process view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .forms import FormField


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person: `id` is stable across serialize and restore."""

    id: str
    element_id: str
    name: str | None
    lane: str | None
    documentation: str | None
    form: tuple[FormField, ...]


@dataclass(frozen=True)
class WaitingEvent:
    """An event the instance waits for: a timer (with its due time) or a message."""

    element_id: str
    element_name: str | None
    kind: str
    name: str
    due: datetime | None = None


class StatusKind(StrEnum):
    """Where an instance stands."""

    WAITING = "waiting"
    COMPLETED = "completed"
    ERROR = "error"


@dataclass(frozen=True)
class Status:
    """The instance's status; for errors, the element and the message."""

    kind: StatusKind
    element_id: str | None = None
    element_name: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class CompletedElement:
    """One completed element of the history."""

    element_id: str
    name: str | None
    kind: str


@dataclass(frozen=True)
class ProcessView:
    """What a diagram viewer marks: completed elements, ready tasks, waiting events, history."""

    completed: frozenset[str]
    ready: tuple[ReadyTask, ...]
    waiting: tuple[WaitingEvent, ...]
    history: tuple[CompletedElement, ...] = field(default=())
