"""Checks of the code inside a diagram: scripts, conditions, timers and DMN cells."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator
from datetime import UTC, datetime

from lxml import etree
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from .errors import Problem
from .guards import DEFAULT_LIMITS, make_builtins
from .sandbox import MAX_EXPRESSION, CompileError, compile_expression, compile_script
from .script_engine import is_iso_literal
from .timers import first_cycle

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN}
_BUILTIN_NAMES = frozenset(make_builtins(DEFAULT_LIMITS, {}))
_PYTHON = ("", "python", "python3")
_TIMER_HINT = "write an ISO 8601 value such as PT4H, or an expression such as ${sla_duration}"
_CONDITION_HINT = 'write a JUEL condition such as ${decision == "approve"}'
_LOOKS_ISO = re.compile(r"^(P(T?\d)|R\d*/|\d{4}-)", re.I)
_QUESTION = re.compile(r"""(\?)(?=(?:[^'"]|['"][^'"]*['"])*$)""")


def locate(node: etree._Element, message: str, *, line: int | None = None) -> Problem:
    """A Problem at the nearest BPMN element (with an id) enclosing `node`."""
    element = node
    while element is not None and not (element.get("id") and _is_bpmn(element)):
        element = element.getparent()
    target = element if element is not None else node
    return Problem(message, target.get("id"), target.get("name"), line or node.sourceline)


def _is_bpmn(element: etree._Element) -> bool:
    """A BPMN element an editor can select (event definitions belong to their event)."""
    return (
        isinstance(element.tag, str)
        and element.tag.startswith(f"{{{BPMN}}}")
        and not element.tag.endswith("EventDefinition")
    )


def check_scripts(root: etree._Element, operations: Collection[str]) -> Iterator[Problem]:
    """Script tasks: Python only, compile in the sandbox, call only provided operations."""
    for task in root.iterfind(".//bpmn:scriptTask", NS):
        script_format = (task.get("scriptFormat") or "").strip().lower()
        if script_format not in _PYTHON:
            yield locate(task, f'scripts must be Python; set scriptFormat="python", '
                               f'not "{task.get("scriptFormat")}"')
            continue
        script = task.find("bpmn:script", NS)
        if script is None or not (script.text or "").strip():
            yield locate(task, "script task has no script")
            continue
        try:
            compile_script(script.text)
        except CompileError as exc:
            offset = (exc.line - 1) if exc.line else 0
            yield locate(script, f"script does not compile: {exc}", line=script.sourceline + offset)
            continue
        for name in unknown_calls(ast.parse(script.text), operations):
            yield locate(script, _unknown_call_message(name, operations))


def unknown_calls(tree: ast.AST, operations: Collection[str]) -> list[str]:
    """Names called in the code that are neither builtins, operations nor defined in it."""
    bound: set[str] = set()
    called: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.append(node.func.id)
    allowed = bound | _BUILTIN_NAMES | set(operations)
    return sorted({name for name in called if name not in allowed})


def _unknown_call_message(name: str, operations: Collection[str]) -> str:
    available = ", ".join(f"{op}()" for op in sorted(operations)) or "none"
    return (
        f"calls {name}(), which is not an operation this template may use "
        f"(available: {available})"
    )


def check_conditions(root: etree._Element, operations: Collection[str]) -> Iterator[Problem]:
    """Sequence-flow conditions: JUEL or Python expressions that compile in the sandbox."""
    for condition in root.iterfind(".//bpmn:conditionExpression", NS):
        language = (condition.get("language") or "").strip().lower()
        if language not in ("", "juel", "python"):
            yield locate(condition, f"condition language {language} is not supported; "
                                    + _CONDITION_HINT)
            continue
        text = (condition.text or "").strip()
        if not text:
            yield locate(condition, "condition is empty; " + _CONDITION_HINT)
            continue
        yield from _check_expression(condition, text, operations, _CONDITION_HINT)


def _check_expression(
    node: etree._Element, text: str, operations: Collection[str], hint: str
) -> Iterator[Problem]:
    try:
        compile_expression(text)
    except CompileError as exc:
        yield locate(node, f"expression {text!r} does not compile: {exc}; {hint}")
        return
    from .juel import to_python

    tree = ast.parse(to_python(text).strip(), mode="eval")
    for name in unknown_calls(tree, operations):
        yield locate(node, _unknown_call_message(name, operations))


def check_timers(root: etree._Element, operations: Collection[str]) -> Iterator[Problem]:
    """Timer definitions: bare ISO 8601 values that parse, or expressions that compile."""
    for definition in root.iterfind(".//bpmn:timerEventDefinition", NS):
        values = [child for child in definition if isinstance(child.tag, str)]
        values = [v for v in values if etree.QName(v).localname in _TIMER_KINDS]
        if not values:
            yield locate(definition, "timer has no date, duration or cycle; " + _TIMER_HINT)
            continue
        for value in values:
            yield from _check_timer_value(value, operations)


_TIMER_KINDS = ("timeDate", "timeDuration", "timeCycle")


def _check_timer_value(value: etree._Element, operations: Collection[str]) -> Iterator[Problem]:
    kind = etree.QName(value).localname
    text = (value.text or "").strip()
    if not text:
        yield locate(value, "timer value is empty; " + _TIMER_HINT)
    elif is_iso_literal(text) or _LOOKS_ISO.match(text):
        try:
            _parse_iso(kind, text)
        except Exception:
            yield locate(value, f"{text!r} is not a valid {_KIND_WORD[kind]}; " + _TIMER_HINT)
    else:
        yield from _check_expression(value, text, operations, _TIMER_HINT)


_REFERENCE = datetime(2000, 1, 1, tzinfo=UTC)
_KIND_WORD = {"timeDate": "date-time", "timeDuration": "duration", "timeCycle": "cycle"}


def _parse_iso(kind: str, text: str) -> None:
    if kind == "timeDuration":
        TimerEventDefinition.parse_iso_duration(text)
    elif kind == "timeDate":
        TimerEventDefinition.get_datetime(text)
    else:
        if not text.upper().startswith("R"):
            raise ValueError("a cycle starts with R")
        for part in text.split("/")[1:]:
            TimerEventDefinition.parse_time_or_duration(part)
        first_cycle(text, _REFERENCE)  # any instant will do: only the step is checked


def check_dmn(root: etree._Element, operations: Collection[str]) -> Iterator[Problem]:
    """DMN cells: input expressions, input entries (`"x"`, `> 5`, `?` forms), outputs."""
    for node in root.iter():
        if not isinstance(node.tag, str) or etree.QName(node).localname != "text":
            continue
        owner = etree.QName(node.getparent()).localname
        text = (node.text or "").strip()
        if owner not in ("inputExpression", "inputEntry", "outputEntry") or text in ("", "-"):
            continue
        if len(text) > MAX_EXPRESSION:
            yield Problem(f"DMN cell is longer than {MAX_EXPRESSION // 1024} KB",
                          node.getparent().get("id"), None, node.sourceline)
            continue
        if owner == "inputEntry" and _entry_compiles(text):
            continue
        try:
            compile_expression(text)
        except CompileError as exc:
            yield Problem(f"DMN cell {text!r} does not compile: {exc}",
                          node.getparent().get("id"), None, node.sourceline)


def _entry_compiles(text: str) -> bool:
    text = _QUESTION.sub("dmninputexpr", text)
    for candidate in (text, f"dmninputexpr {text}"):
        try:
            compile_expression(candidate)
            return True
        except CompileError:
            continue
    return False
