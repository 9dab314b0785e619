"""Run-time guards the sandboxed code calls: time budget, size limits, attribute and item access."""

from __future__ import annotations

import operator
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
    safer_getattr,
)


@dataclass(frozen=True)
class Limits:
    """How long one evaluation may run and how big the values it builds may grow."""

    seconds: float = 1.0
    max_length: int = 1_000_000
    max_int_bits: int = 65_536


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """Raised inside sandboxed code when it goes over a limit; turned into SandboxViolation."""


class Budget:
    """The deadline of one evaluation; `tick` is injected into every loop and function body."""

    __slots__ = ("deadline", "limits")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds

    def tick(self) -> None:
        """Raise once the deadline has passed (and again on every later tick)."""
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"ran longer than the {self.limits.seconds:g} s time limit")

    def expired(self) -> bool:
        """True when the deadline has passed, even if the code swallowed the error."""
        return time.monotonic() > self.deadline

    def iterate(self, ob: Iterable[Any]) -> Iterator[Any]:
        """The `_getiter_` guard: iterate and tick on every item."""
        tick = self.tick
        for item in ob:
            tick()
            yield item

    def unpack_iter(self, it: Any, spec: Any, _getiter_: Any = None) -> Iterator[Any]:
        """The `_iter_unpack_sequence_` guard bound to this budget."""
        return guarded_iter_unpack_sequence(it, spec, self.iterate)

    def unpack(self, it: Any, spec: Any, _getiter_: Any = None) -> list[Any]:
        """The `_unpack_sequence_` guard bound to this budget."""
        return guarded_unpack_sequence(it, spec, self.iterate)


_BINOPS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
    "<<": operator.lshift,
    ">>": operator.rshift,
    "|": operator.or_,
    "^": operator.xor,
    "&": operator.and_,
    "@": operator.matmul,
}
_SIZED = (str, bytes, list, tuple)
_WIDTH = re.compile(r"\d{6,}")
_STAR_WIDTH = re.compile(r"%[-+ #0]*(\*|\d*\.\*)")


def _sized(value: Any) -> bool:
    return isinstance(value, _SIZED)


def _check_result_size(op: str, a: Any, b: Any, limits: Limits) -> None:
    """Refuse results that would be too large, before computing them."""
    if op == "*":
        if _sized(a) and isinstance(b, int) or _sized(b) and isinstance(a, int):
            seq, n = (a, b) if _sized(a) else (b, a)
            if len(seq) * n > limits.max_length:
                raise LimitExceeded(f"a value longer than {limits.max_length} items")
        elif isinstance(a, int) and isinstance(b, int):
            _check_bits(a.bit_length() + b.bit_length(), limits)
    elif op == "+" and _sized(a) and _sized(b):
        if len(a) + len(b) > limits.max_length:
            raise LimitExceeded(f"a value longer than {limits.max_length} items")
    elif op == "**" and isinstance(a, int) and isinstance(b, int) and abs(a) > 1 and b > 0:
        _check_bits(a.bit_length() * b, limits)
    elif op == "<<" and isinstance(a, int) and isinstance(b, int) and a:
        _check_bits(a.bit_length() + b, limits)
    elif op == "%" and isinstance(a, str | bytes) and _WIDTH.search(str(a)):
        raise LimitExceeded("a format width over 99999")
    elif op == "%" and isinstance(a, str | bytes) and _STAR_WIDTH.search(str(a)):
        raise LimitExceeded("a * width or precision in a % format")


def _check_bits(bits: int, limits: Limits) -> None:
    if bits > limits.max_int_bits:
        raise LimitExceeded(f"a number larger than {limits.max_int_bits} bits")


def make_binop(limits: Limits) -> Any:
    """Build the `_binop_` guard replacing `*`, `**`, `<<`, `+` and `%`."""

    def binop(op: str, a: Any, b: Any) -> Any:
        _check_result_size(op, a, b, limits)
        return _BINOPS[op](a, b)

    return binop


def make_inplacevar(limits: Limits) -> Any:
    """Build the `_inplacevar_` guard RestrictedPython calls for `x += y` and friends."""
    binop = make_binop(limits)

    def inplacevar(op: str, a: Any, b: Any) -> Any:
        return binop(op[:-1], a, b)

    return inplacevar


MODPOW_BITS = 4096


def guarded_sum(iterable: Any, start: Any = 0) -> Any:
    """`sum` for numbers only: adding lists or strings this way takes quadratic time."""
    if not isinstance(start, int | float):
        raise LimitExceeded("sum() adds numbers only; build lists with a loop or +")
    total = start
    for item in iterable:
        if not isinstance(item, int | float):
            raise LimitExceeded("sum() adds numbers only; build lists with a loop or +")
        total += item
    return total


def make_pow(limits: Limits) -> Any:
    """The `pow` builtin with the same size check as `**`."""

    def guarded_pow(base: Any, exp: Any, mod: Any = None) -> Any:
        if mod is None:
            _check_result_size("**", base, exp, limits)
            return pow(base, exp)
        if any(isinstance(n, int) and n.bit_length() > MODPOW_BITS for n in (base, exp, mod)):
            raise LimitExceeded(f"pow() with a modulus on numbers over {MODPOW_BITS} bits")
        return pow(base, exp, mod)

    return guarded_pow


def make_range(limits: Limits) -> Any:
    """The `range` builtin refusing ranges longer than the size limit."""

    def guarded_range(*args: int) -> range:
        result = range(*args)
        if len(result) > limits.max_length:
            raise LimitExceeded(f"a range longer than {limits.max_length} items")
        return result

    return guarded_range


_PADDING = frozenset({"ljust", "rjust", "center", "zfill"})


def make_getattr(limits: Limits) -> Any:
    """Build `_getattr_`: RestrictedPython's safer getattr, dict keys as attributes (as JUEL
    reads maps), and width-checked string padding."""

    def guarded_getattr(ob: Any, name: str, default: Any = None) -> Any:
        if type(ob) is dict and name in ob:
            return ob[name]
        if isinstance(ob, type):
            # `str.center(s, 10**9)` would skip the checks bound methods get below.
            raise LimitExceeded(f"attributes of types ({ob.__name__}.{name}) are not available")
        value = safer_getattr(ob, name, default)
        if name in _PADDING and isinstance(ob, str | bytes):
            return _padding(value, limits)
        if name in ("replace", "join", "expandtabs") and isinstance(ob, str | bytes):
            return _checked_result(value, limits)
        return value

    return guarded_getattr


def _padding(method: Any, limits: Limits) -> Any:
    def pad(width: int, *args: Any) -> Any:
        if width > limits.max_length:
            raise LimitExceeded(f"a value longer than {limits.max_length} items")
        return method(width, *args)

    return pad


def _checked_result(method: Any, limits: Limits) -> Any:
    def call(*args: Any) -> Any:
        if method.__name__ == "expandtabs" and args and args[0] > 64:
            raise LimitExceeded("a tab size over 64")
        if method.__name__ == "join" and args:
            parts = list(args[0])
            size = sum(len(p) if _sized(p) else 0 for p in parts)
            if size + len(method.__self__) * max(0, len(parts) - 1) > limits.max_length:
                raise LimitExceeded(f"a value longer than {limits.max_length} items")
            args = (parts, *args[1:])
        if method.__name__ == "replace" and len(args) >= 2:
            old, new = args[0], args[1]
            hits = method.__self__.count(old) if old else len(method.__self__) + 1
            if len(method.__self__) + hits * len(new) > limits.max_length:
                raise LimitExceeded(f"a value longer than {limits.max_length} items")
        result = method(*args)
        if len(result) > limits.max_length:
            raise LimitExceeded(f"a value longer than {limits.max_length} items")
        return result

    return call


def guarded_getitem(ob: Any, index: Any) -> Any:
    """The `_getitem_` guard: plain item access (names are already restricted at compile time)."""
    return ob[index]


def is_empty(value: Any) -> bool:
    """JUEL's `empty`: true for None and for empty strings, lists and maps."""
    if value is None:
        return True
    try:
        return len(value) == 0
    except TypeError:
        return False


_EXTRA_BUILTINS = (
    "list", "dict", "set", "frozenset", "tuple", "sorted", "reversed", "min", "max", "sum",
    "any", "all", "enumerate", "zip", "map", "filter",
)
_REMOVED_BUILTINS = ("__build_class__", "setattr", "delattr", "_getattr_")


def _escapes_except(value: Any) -> bool:
    """Exception classes that `except Exception` would not catch (SystemExit and friends)."""
    return (isinstance(value, type) and issubclass(value, BaseException)
            and not issubclass(value, Exception))


def make_builtins(limits: Limits, extra: dict[str, Any]) -> dict[str, Any]:
    """Safe builtins, the static guards, and `extra` (the operations) for one script engine."""
    import builtins

    table = {k: v for k, v in safe_builtins.items()
             if k not in _REMOVED_BUILTINS and not _escapes_except(v)}
    table.update({name: getattr(builtins, name) for name in _EXTRA_BUILTINS})
    table.update(
        range=make_range(limits),
        sum=guarded_sum,
        pow=make_pow(limits),
        is_empty=is_empty,
        _getattr_=make_getattr(limits),
        _getitem_=guarded_getitem,
        _write_=full_write_guard,
        _binop_=make_binop(limits),
        _inplacevar_=make_inplacevar(limits),
    )
    table.update(extra)
    return table
