"""What a dry run reports: plain records that turn into JSON with `to_dict()`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from workflows import Problem

COMPLETED = "completed"
WAITING = "waiting"
ERROR = "error"
INVALID = "invalid"


@dataclass
class PathStep:
    """One element the process completed, in the order it completed them."""

    element_id: str
    name: str | None
    kind: str


@dataclass
class TaskMet:
    """A user task the process created: who it would go to and what the run decided."""

    element_id: str
    name: str | None
    lane: str | None
    candidates: list[str]
    candidate_groups: list[str]
    form: list[str]
    decision: str | None = None


@dataclass
class OperationCall:
    """One operation a script called, with its arguments, in call order."""

    name: str
    args: dict[str, Any]


@dataclass
class NotificationSent:
    """A notification `notify` would queue: the target it named and the people it reaches."""

    to: str
    recipients: list[str]
    subject: str


@dataclass
class EventSent:
    """Something the run did from outside the process: a timer passed or a message sent."""

    kind: str
    element_id: str
    name: str | None
    at: str


@dataclass
class Waiting:
    """What the process waits for: a task (lane in `detail`), a timer (due) or a message."""

    kind: str
    element_id: str
    name: str | None
    detail: str | None = None


@dataclass
class RunStatus:
    """completed, waiting (with what for), error (with the element), or invalid (see problems)."""

    kind: str
    message: str = ""
    element_id: str | None = None
    element_name: str | None = None
    waiting_for: list[Waiting] = field(default_factory=list)


@dataclass
class DryRun:
    """The whole report of one dry run."""

    status: RunStatus
    final_state: str | None = None
    path: list[PathStep] = field(default_factory=list)
    tasks: list[TaskMet] = field(default_factory=list)
    operations: list[OperationCall] = field(default_factory=list)
    notifications: list[NotificationSent] = field(default_factory=list)
    events: list[EventSent] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def invalid(cls, problems: list[Problem]) -> DryRun:
        """The report for a diagram that cannot be run at all."""
        message = f"The diagram cannot be run: {len(problems)} problem(s)."
        return cls(status=RunStatus(INVALID, message),
                   problems=[asdict(problem) for problem in problems])

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return asdict(self)
