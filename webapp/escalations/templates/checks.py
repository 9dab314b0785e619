"""The template contract beyond what the engine checks: de-escalation, escalation, approval forms;
and what changed between two versions of a diagram."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from webapp.escalations import contract
from workflows import InvalidDiagram, Problem
from workflows.checker_expressions import locate
from workflows.xmlsafe import parse_xml

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
NS = {"bpmn": BPMN, "camunda": CAMUNDA}
DE_ESCALATE = contract.DE_ESCALATE.name
_ASSIGNED = re.compile(rf"\b{contract.ASSIGN_GROUP.name}\s*\(\s*(?:group\s*=\s*)?"
                       r"([\"'])([^\"'\\]*)\1\s*\)")


def contract_problems(xml: str, *,
                      group_exists: Callable[[str], bool] = lambda name: True) -> list[Problem]:
    """Every way this diagram breaks the template contract (empty when it keeps it);
    `group_exists` tells whether a group a script hands the escalation to is there."""
    try:
        root = parse_xml(xml, source="BPMN")
    except InvalidDiagram as error:
        return list(error.problems)
    process = root.find("bpmn:process", NS)
    if process is None:
        return []
    return [*_de_escalation(root, process), *_calls(process), *_approval_forms(process),
            *_assigned_groups(process, group_exists)]


def _de_escalation(root, process) -> Iterator[Problem]:
    names = {m.get("id"): m.get("name") for m in root.iterfind("bpmn:message", NS)}
    waits = [*process.iterfind(".//bpmn:messageEventDefinition", NS),
             *process.iterfind(".//bpmn:receiveTask", NS)]
    if any(names.get(waiting.get("messageRef")) == DE_ESCALATE for waiting in waits):
        return
    yield Problem(f"The process never waits for the {DE_ESCALATE} message, so an escalation "
                  "could never be de-escalated: add a message catch event for the message named "
                  f"'{DE_ESCALATE}' after the escalation is escalated.", process.get("id"),
                  process.get("name"), process.sourceline)


def _calls(process) -> Iterator[Problem]:
    code = " ".join(s.text or "" for s in process.iterfind(".//bpmn:script", NS))
    for operation, why in ((contract.ESCALATE.name, "an escalation would never be escalated"),
                           (contract.CLOSE.name, "an escalation would never close")):
        if not re.search(rf"\b{operation}\s*\(", code):
            yield Problem(f"No script task calls {operation}(): {why}.", process.get("id"),
                          process.get("name"), process.sourceline)


def _assigned_groups(process, group_exists: Callable[[str], bool]) -> Iterator[Problem]:
    # Only a name written as text can be checked now; one a script computes is checked when the
    # step runs.
    for task in process.iterfind(".//bpmn:scriptTask", NS):
        script = task.findtext("bpmn:script", default="", namespaces=NS)
        for name in (match.group(2) for match in _ASSIGNED.finditer(script)):
            if not group_exists(name):
                yield locate(task, f"{contract.ASSIGN_GROUP.name}() hands the escalation to "
                                   f"{name!r}, but there is no group of that name: fix the "
                                   "name, or create the group first.")


def _lane_of(process) -> dict[str, str]:
    return {ref.text.strip(): lane.get("name") or ""
            for lane in process.iterfind(".//bpmn:lane", NS)
            for ref in lane.iterfind("bpmn:flowNodeRef", NS) if ref.text}


def _approval_forms(process) -> Iterator[Problem]:
    lane_of = _lane_of(process)
    for task in process.iterfind(".//bpmn:userTask", NS):
        fields = {f.get("id"): f for f in task.iterfind(".//camunda:formField", NS)}
        decision = fields.get("decision")
        if decision is None:
            if lane_of.get(task.get("id")) in contract.APPROVAL_LANES:
                yield locate(task, "This approval task's form has no 'decision' field: add an "
                                   "enum field 'decision' with the values approve and reject.")
            continue
        values = {v.get("id") for v in decision.iterfind("camunda:value", NS)}
        if decision.get("type") != "enum" or not {"approve", "reject"} <= values:
            yield locate(task, "The 'decision' field must be an enum with the values approve "
                               "and reject.")


def _elements(xml: str) -> dict[str, tuple[str, str]]:
    root = parse_xml(xml, source="BPMN")
    found = {}
    for process in root.iterfind("bpmn:process", NS):
        for element in process.iterdescendants():
            if isinstance(element.tag, str) and element.get("id") and not \
                    element.tag.endswith("}laneSet"):
                signature = etree.tostring(element, method="c14n")
                found[element.get("id")] = (element.get("name") or element.get("id"), signature)
    return found


def summarize(previous: str | None, current: str) -> dict[str, list[str]]:
    """Elements added, removed and changed against the previous version, as 'Name (id)'."""
    new = _elements(current)
    old = _elements(previous) if previous else {}

    def label(elements, key) -> str:
        name = elements[key][0]
        return key if name == key else f"{name} ({key})"

    return {
        "added": sorted(label(new, k) for k in new.keys() - old.keys()),
        "removed": sorted(label(old, k) for k in old.keys() - new.keys()),
        "changed": sorted(label(new, k) for k in new.keys() & old.keys()
                          if new[k][1] != old[k][1]),
    }
