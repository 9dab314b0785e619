"""One exception family for the engine layer, and the problem record the checker returns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a diagram, located so an editor can select the element."""

    message: str
    element_id: str | None = None
    element_name: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.element_name or self.element_id
        place = f" ({where})" if where else ""
        line = f" line {self.line}:" if self.line else ""
        return f"{line}{place} {self.message}".strip()


class WorkflowError(Exception):
    """Base of every error the engine layer raises; names the element when it is known."""

    def __init__(
        self,
        message: str,
        *,
        element_id: str | None = None,
        element_name: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.element_id = element_id
        self.element_name = element_name
        self.line = line

    def __str__(self) -> str:
        where = self.element_name or self.element_id
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self) -> tuple:
        # Rebuilt from its attributes, not its constructor's arguments: errors cross from a
        # jail worker to the web process by pickle.
        return (_rebuild, (type(self), self.args, self.__dict__))


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error, then what it wraps (`original`, SpiffWorkflow's `exception`, the cause or the
    context), each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        yield current
        seen.add(id(current))
        current = (getattr(current, "original", None) or getattr(current, "exception", None)
                   or current.__cause__ or current.__context__)


def _rebuild(cls: type[WorkflowError], args: tuple, state: dict) -> WorkflowError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InvalidDiagram(WorkflowError):
    """The BPMN or DMN could not be loaded; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(
            "; ".join(str(p) for p in problems),
            element_id=first.element_id,
            element_name=first.element_name,
            line=first.line,
        )
        self.problems = problems


class ScriptError(WorkflowError):
    """A script, condition, timer expression, DMN cell or operation failed on an element."""

    def __init__(self, message: str, *, original: BaseException | None = None, **where) -> None:
        super().__init__(message, **where)
        self.original = original


class SandboxViolation(ScriptError):
    """A script went over its time or size limit or touched something it may not."""


class TaskNotReady(WorkflowError):
    """The task does not exist or is not waiting for a person."""


class InvalidFormData(WorkflowError):
    """Submitted form data does not match the task's form; `errors` maps field id to message."""

    def __init__(self, errors: dict[str, str], *, element_id: str | None = None) -> None:
        detail = "; ".join(f"{field}: {msg}" for field, msg in errors.items())
        super().__init__(f"invalid form data ({detail})", element_id=element_id)
        self.errors = errors


class UnknownMessage(WorkflowError):
    """The instance is not waiting for the message that was delivered."""


class UnknownSpec(WorkflowError):
    """No spec with the given content hash is in the library."""


class IncompatibleState(WorkflowError):
    """Stored instance state cannot be restored (unknown serializer version or corrupt JSON)."""
