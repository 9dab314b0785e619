"""Hooks: what a lower layer needs from a higher one, handed in at start-up instead of imported.

The lower package declares the hook and calls it like a function; `create_app` hands in the
function that answers it (see `register_hooks`). The lower package never learns where it lives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    """One function a lower layer calls and a higher layer provides."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._function: Callable[P, R] | None = None

    def provide(self, function: Callable[P, R]) -> None:
        """Answer the hook with `function` from now on."""
        self._function = function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._function is None:
            raise RuntimeError(f"Nothing answers the hook {self.name}: create_app hands it in.")
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"
