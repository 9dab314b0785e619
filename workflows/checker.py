"""Publish-time check of a template: every problem found, element by element."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from functools import lru_cache

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import XSD_PATH
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS as DMN_SCHEMAS

from .checker_expressions import (
    NS,
    check_conditions,
    check_dmn,
    check_scripts,
    check_timers,
    locate,
)
from .errors import InvalidDiagram, Problem
from .forms import FIELD_TYPES
from .specs import build_parser, executable_process_id, problem_from_validation
from .xmlsafe import parse_xml

CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
LaneResolver = Callable[[str], bool] | Collection[str]


def check_template(
    bpmn: bytes | str,
    *,
    dmn: Sequence[bytes | str] = (),
    operations: Collection[str],
    lane_resolves: LaneResolver,
    messages: Collection[str] | None = None,
) -> list[Problem]:
    """Every problem of a template; an empty list means it can be published."""
    try:
        root = parse_xml(bpmn, source="BPMN")
        dmn_roots = [parse_xml(d, source="DMN") for d in dmn]
    except InvalidDiagram as exc:
        return list(exc.problems)
    resolves = lane_resolves if callable(lane_resolves) else set(lane_resolves).__contains__
    problems = [*_schema_problems(root), *_dmn_schema_problems(dmn_roots)]
    problems += _duplicate_ids(root)
    for dmn_root in dmn_roots:
        problems += _duplicate_ids(dmn_root)
    problems += _structure(root, resolves, operations, messages)
    problems += _code(root, dmn_roots, operations)
    problems += _parse(root, dmn_roots, problems)
    return problems


def _structure(root, resolves, operations, messages) -> list[Problem]:
    problems = [*_executable(root), *_unsupported(root)]
    problems += _lanes(root, resolves)
    problems += _forms(root, operations)
    if messages is not None:
        problems += _messages(root, messages)
    return problems


def _code(root, dmn_roots, operations) -> list[Problem]:
    problems = [*check_scripts(root, operations), *check_conditions(root, operations)]
    problems += check_timers(root, operations)
    for dmn_root in dmn_roots:
        problems += check_dmn(dmn_root, operations)
    return problems


@lru_cache(maxsize=8)
def _schema(path: str) -> etree.XMLSchema:
    with open(path, "rb") as handle:
        return etree.XMLSchema(etree.parse(handle))


def _schema_problems(root: etree._Element, path: str = XSD_PATH) -> list[Problem]:
    schema = _schema(path)
    if schema.validate(root):
        return []
    by_line = {el.sourceline: el for el in root.iter() if isinstance(el.tag, str)}
    problems = []
    for error in schema.error_log:
        node = by_line.get(error.line)
        message = f"does not match the BPMN schema: {error.message}"
        if node is not None:
            problems.append(locate(node, message, line=error.line))
        else:
            problems.append(Problem(message, line=error.line))
    return problems


def _dmn_schema_problems(dmn_roots: Sequence[etree._Element]) -> list[Problem]:
    problems = []
    for dmn_root in dmn_roots:
        path = DMN_SCHEMAS.get(etree.QName(dmn_root).namespace or "")
        if path is None or not os.path.exists(path):
            problems.append(Problem("DMN namespace is not supported; save as DMN 1.3"))
            continue
        problems += _schema_problems(dmn_root, path)
    return problems


def _duplicate_ids(root: etree._Element) -> list[Problem]:
    """Element ids must be unique document-wide (SpiffWorkflow indexes every id); form field
    ids are variable names and option ids are values, so both may repeat across tasks (every
    approval form offers `approve`), but must not equal an element id."""
    form_tags = {f"{{{CAMUNDA}}}formField", f"{{{CAMUNDA}}}value"}
    nodes = [n for n in root.iter() if isinstance(n.tag, str) and n.get("id")]
    elements = Counter(n.get("id") for n in nodes if n.tag not in form_tags)
    problems = []
    for node in nodes:
        node_id = node.get("id")
        if node.tag in form_tags and elements[node_id]:
            kind = "form field" if node.tag.endswith("formField") else "form option"
            message = f"{kind} id {node_id!r} is also an element id; rename one of them"
        elif node.tag not in form_tags and elements[node_id] > 1:
            message = f"id {node_id!r} is used more than once; ids must be unique in the document"
        else:
            continue
        problems.append(Problem(message, node_id, node.get("name"), node.sourceline))
    return problems


UNSUPPORTED = {
    "adHocSubProcess": "ad-hoc sub-processes are not supported; use a sub-process",
    "completionCondition": "completion conditions are not supported",
    "correlationProperty": "message correlations are not supported; messages go to the "
                           "escalation's own process",
    "correlationKey": "message correlations are not supported",
    "serviceTask": "service tasks are not supported; use a script task",
    "sendTask": "send tasks are not supported; use a script task calling notify()",
}


def _unsupported(root: etree._Element) -> Iterator[Problem]:
    """Constructs the engine would evaluate outside the sandbox, or cannot run at all."""
    for tag, message in UNSUPPORTED.items():
        for element in root.iter(f"{{{NS['bpmn']}}}{tag}"):
            yield locate(element, message)


def _executable(root: etree._Element) -> Iterator[Problem]:
    processes = root.findall("bpmn:process", NS)
    runnable = [p for p in processes if p.get("isExecutable", "true") == "true"]
    if not runnable:
        yield Problem("no executable process: tick \"Executable\" on the process")
    elif len(runnable) > 1:
        for process in runnable[1:]:
            yield locate(process, "only one process may be executable")


def _lanes(root: etree._Element, resolves: Callable[[str], bool]) -> Iterator[Problem]:
    lane_of = {}
    for lane in root.iterfind(".//bpmn:lane", NS):
        for ref in lane.iterfind("bpmn:flowNodeRef", NS):
            lane_of[(ref.text or "").strip()] = lane
    reported = set()
    for task in root.iterfind(".//bpmn:userTask", NS):
        lane = lane_of.get(task.get("id"))
        if lane is None:
            yield locate(task, "user task is outside any lane; put it in a lane naming who does "
                               "it (Approvers, Escalation manager, Requester, Agent or a group)")
        elif lane.get("id") not in reported:
            reported.add(lane.get("id"))
            name = (lane.get("name") or "").strip()
            if not name or not resolves(name):
                yield locate(lane, f"lane {name!r} resolves to nobody; name it Approvers, "
                                   "Escalation manager, Requester, Agent or an existing group")


def _forms(root: etree._Element, operations: Collection[str]) -> Iterator[Problem]:
    for field in root.iterfind(f".//{{{CAMUNDA}}}formField"):
        field_id, kind = field.get("id"), field.get("type")
        if kind not in FIELD_TYPES:
            yield locate(field, f"form field {field_id!r} has type {kind!r}; use one of "
                                + ", ".join(FIELD_TYPES))
        elif kind == "enum" and field.find(f"{{{CAMUNDA}}}value") is None:
            yield locate(field, f"form field {field_id!r} is a choice with no options; add "
                                "values such as approve and reject")
        if field_id in operations:
            yield locate(field, f"form field {field_id!r} hides the operation {field_id}(); "
                                "rename the field")


def _messages(root: etree._Element, messages: Collection[str]) -> Iterator[Problem]:
    names = {m.get("id"): m.get("name") for m in root.iterfind("bpmn:message", NS)}
    for ref in root.iterfind(".//bpmn:messageEventDefinition", NS):
        name = names.get(ref.get("messageRef"))
        if name not in messages:
            expected = ", ".join(sorted(messages))
            yield locate(ref, f"message {name!r} is never delivered; the process receives "
                              f"{expected}")


def _parse(root, dmn_roots, found: list[Problem]) -> list[Problem]:
    """What SpiffWorkflow itself refuses, unless it is already reported."""
    try:
        parser = build_parser(root, dmn_roots)
        process_id = executable_process_id(parser)
        parser.get_spec(process_id)
        parser.get_subprocess_specs(process_id)
    except InvalidDiagram as exc:
        problems = exc.problems
    except ValidationException as exc:
        problems = [problem_from_validation(exc)]
    except Exception as exc:
        problems = [Problem(f"cannot be parsed: {exc}")]
    else:
        return []
    if any(p.element_id and p.element_id == problems[0].element_id for p in found) or (
        found and not problems[0].element_id
    ):
        return []
    return problems
