"""The script engine SpiffWorkflow calls for every script and expression: sandboxed, cached."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.task import Task as SpiffTask

from . import juel
from .errors import SandboxViolation, ScriptError, WorkflowError
from .guards import DEFAULT_LIMITS, Budget, LimitExceeded, Limits, make_builtins
from .sandbox import CompileError, compile_expression, compile_script

_DURATION = r"P(?=[\dT])(\d+(?:[.,]\d+)?[YMWD])*(T(?=\d)(\d+(?:[.,]\d+)?[HMS])+)?"
_DATETIME = r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
_PART = f"(?:{_DURATION}|{_DATETIME})"
ISO_LITERAL = re.compile(f"^(?:R\\d*/)?{_PART}(?:/{_PART})?$")
MAX_STORED_ITEMS = 100_000
_PLAIN = (str, int, float, bool, type(None), date, datetime)
_UNSUPPORTED = ("this expression is evaluated outside the sandbox by the engine, so it is "
                "refused (ad-hoc sub-processes and message correlations are not supported)")
Watch = Callable[[str | None, str | None], None]
_INJECTED = ("__builtins__", "_tick_", "_getiter_", "_iter_unpack_sequence_", "_unpack_sequence_")


def is_iso_literal(expression: str) -> bool:
    """True for a bare ISO 8601 duration, date-time or recurrence (`PT4H`, `R3/PT1H`)."""
    return bool(ISO_LITERAL.match(expression.strip()))


class OperationFailed(Exception):
    """An operation handed in by the caller raised; carries its name and the original error."""

    def __init__(self, name: str, original: BaseException) -> None:
        super().__init__(f"operation {name}() failed: {original}")
        self.name = name
        self.original = original


def _wrap_operation(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def operation(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            raise OperationFailed(name, exc) from exc

    operation.__name__ = name
    return operation


class RefusingEnvironment(BasePythonScriptEngineEnvironment):
    """SpiffWorkflow's fallback environment runs plain eval/exec; some of its constructs (ad-hoc
    completion conditions, message correlations) call it directly. This one refuses them all:
    every script and expression must go through the sandbox."""

    def evaluate(self, expression: str, context: Any, external_context: Any = None) -> Any:
        raise ScriptError(f"{_UNSUPPORTED}: {str(expression)[:80]!r}")

    def execute(self, script: str, context: Any, external_context: Any = None) -> bool:
        raise ScriptError(f"{_UNSUPPORTED}: {str(script)[:80]!r}")


class SandboxScriptEngine(PythonScriptEngine):
    """Evaluates through RestrictedPython with a time and size budget and the given operations;
    `now` is the injected clock reading the timer events use; `watch` is told the element
    (id, name) before each script or expression runs."""

    def __init__(
        self,
        *,
        operations: Mapping[str, Callable[..., Any]] | None = None,
        limits: Limits = DEFAULT_LIMITS,
        now: datetime | None = None,
        watch: Watch | None = None,
    ) -> None:
        super().__init__(environment=RefusingEnvironment())
        self.limits = limits
        self.now = now
        self._watch = watch
        wrapped = {name: _wrap_operation(name, f) for name, f in (operations or {}).items()}
        self._builtins = make_builtins(limits, wrapped)

    def validate(self, expression: str) -> None:
        """Raise SyntaxError when the text does not parse (SpiffWorkflow's DMN relies on it)."""
        import ast

        ast.parse(juel.to_python(expression).strip())

    def evaluate(self, task: SpiffTask, expression: str, external_context: Any = None) -> Any:
        """Evaluate a condition, timer or DMN expression in the sandbox."""
        if is_iso_literal(expression):
            return expression.strip()
        code = self._compile(task, compile_expression, expression)
        env = self._environment(task.data, external_context)
        return self._run(task, expression, lambda: eval(code, env), env)

    def execute(self, task: SpiffTask, script: str, external_context: Any = None) -> bool:
        """Run a script task in the sandbox and write its variables back to the task data."""
        code = self._compile(task, compile_script, script)
        env = self._environment(task.data, external_context)
        self._run(task, script, lambda: exec(code, env), env)
        for key in _INJECTED:
            env.pop(key, None)
        data = {k: v for k, v in env.items() if not callable(v)}
        _check_storable(task, data)
        task.data.clear()
        task.data.update(data)
        return True

    def call_service(self, task: SpiffTask, **kwargs: Any) -> Any:
        """Service tasks are not part of the template contract."""
        raise ScriptError("service tasks are not supported; use a script task", **_where(task))

    def _compile(self, task: SpiffTask, compiler: Callable[[str], Any], source: str) -> Any:
        try:
            return compiler(source)
        except CompileError as exc:
            raise ScriptError(f"does not compile: {exc}", line=exc.line, **_where(task)) from None

    def _environment(self, data: dict[str, Any], external: Any) -> dict[str, Any]:
        env = dict(data)
        if external:
            env.update(external)
        env["__builtins__"] = self._builtins
        return env

    def _run(self, task: SpiffTask, source: str, call: Callable[[], Any], env: dict) -> Any:
        if self._watch is not None:
            where = _where(task)
            self._watch(where["element_id"], where["element_name"])
        budget = Budget(self.limits)
        env["_tick_"] = budget.tick
        env["_getiter_"] = budget.iterate
        env["_iter_unpack_sequence_"] = budget.unpack_iter
        env["_unpack_sequence_"] = budget.unpack
        try:
            result = call()
        except LimitExceeded as exc:
            raise SandboxViolation(f"stopped: {exc}", **_where(task)) from None
        except OperationFailed as exc:
            raise ScriptError(str(exc), original=exc.original, **_where(task)) from exc
        except WorkflowError:
            raise
        except RecursionError:
            raise SandboxViolation("stopped: recursion too deep", **_where(task)) from None
        except KeyboardInterrupt:
            raise  # scripts cannot name it, so this one is a real interrupt
        except BaseException as exc:  # SystemExit, GeneratorExit... must not end the process
            line = _error_line(exc)
            message = f"{type(exc).__name__}: {exc}"
            raise ScriptError(message, original=exc, line=line, **_where(task)) from None
        if budget.expired():
            raise SandboxViolation(
                f"stopped: ran longer than the {self.limits.seconds:g} s time limit",
                **_where(task),
            )
        return result


def _where(task: SpiffTask) -> dict[str, Any]:
    spec = task.task_spec
    return {"element_id": getattr(spec, "bpmn_id", None) or spec.name,
            "element_name": getattr(spec, "bpmn_name", None)}


def _error_line(exc: BaseException) -> int | None:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in ("<script>", "<expression>"):
            line = frame.lineno
    return line


def _check_storable(task: SpiffTask, data: dict[str, Any]) -> None:
    """Refuse values that cannot be stored as JSON (functions, generators, exceptions...)."""
    for key, value in data.items():
        if not storable(value):
            raise ScriptError(
                f"variable {key!r} holds {_unstorable(value)}, which cannot be stored; "
                "keep only text, numbers, dates, lists and dicts in variables",
                **_where(task),
            )


def _unstorable(value: Any) -> str:
    too_many = f"more than {MAX_STORED_ITEMS:,} items"
    if isinstance(value, list | tuple):
        return next((_unstorable(v) for v in value if not storable(v)), too_many)
    if isinstance(value, dict):
        return next((_unstorable(v) for v in value.values() if not storable(v)), too_many)
    return f"a {type(value).__name__}"


def storable(value: Any, *, depth: int = 0, budget: list[int] | None = None) -> bool:
    """True when a value is plain data that can be stored as JSON (and is not huge)."""
    budget = budget if budget is not None else [MAX_STORED_ITEMS]
    budget[0] -= 1
    if depth > 20 or budget[0] < 0:
        return False
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, list | tuple):
        return all(storable(v, depth=depth + 1, budget=budget) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and storable(v, depth=depth + 1, budget=budget)
                   for k, v in value.items())
    return False
