"""Operations a script may call, declared as data, and the effects a call records.

A script never acts on the world: calling an operation appends an `Effect` (the operation, its
arguments, the element that called it) to the step's list, and returns nothing a script could
branch on. Whoever ran the step applies the effects afterwards, in order.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ScriptError

REQUIRED = inspect.Parameter.empty


@dataclass(frozen=True)
class Param:
    """One argument of an operation; `default` is REQUIRED when the script must give it."""

    name: str
    doc: str = ""
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        """True when a call must give this argument."""
        return self.default is REQUIRED


@dataclass(frozen=True)
class Operation:
    """An operation a template's scripts may call: its name, arguments and what it does."""

    name: str
    doc: str
    params: tuple[Param, ...] = ()

    @property
    def signature(self) -> str:
        """How a script calls it: `decline(reason="")`."""
        parts = [p.name if p.required else f"{p.name}={p.default!r}" for p in self.params]
        return f"{self.name}({', '.join(parts)})"

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The arguments of one call by name, defaults filled in; TypeError when they do not
        match the declaration."""
        parameters = [inspect.Parameter(p.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                        default=p.default) for p in self.params]
        bound = inspect.Signature(parameters).bind(*args, **kwargs)
        bound.apply_defaults()
        return dict(bound.arguments)


@dataclass(frozen=True)
class Effect:
    """One operation call a script made: what to apply, and the element that asked for it."""

    operation: str
    args: dict[str, Any] = field(default_factory=dict)
    element_id: str | None = None
    element_name: str | None = None


class EffectLog:
    """Records the effects of one step; `functions()` are what the scripts call."""

    def __init__(self, operations: Sequence[Operation]) -> None:
        self.operations = tuple(operations)
        self.effects: list[Effect] = []
        self.element: tuple[str | None, str | None] = (None, None)

    def functions(self) -> dict[str, Callable[..., None]]:
        """One recording function per declared operation, by name."""
        return {op.name: self._recorder(op) for op in self.operations}

    def _recorder(self, operation: Operation) -> Callable[..., None]:
        def record(*args: Any, **kwargs: Any) -> None:
            element_id, element_name = self.element
            try:
                arguments = operation.bind(args, kwargs)
            except TypeError as exc:
                raise ScriptError(f"{operation.signature} was called wrongly: {exc}",
                                  element_id=element_id, element_name=element_name) from None
            self.effects.append(Effect(operation.name, _plain(operation, arguments),
                                       element_id, element_name))

        record.__name__ = operation.name
        return record


def _plain(operation: Operation, arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments as they travel: text, numbers, booleans and None stay, anything else is text
    (an effect is data, so a script cannot hand over an object to be called later)."""
    plain = {}
    for name, value in arguments.items():
        if value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)[:10_000]
        plain[name] = value
    return plain
