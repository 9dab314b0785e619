"""Conditions and timers as Camunda Modeler writes them: JUEL and bare ISO 8601."""

from __future__ import annotations

import pytest

from workflows import Instance, ScriptError, load_spec
from workflows.juel import to_python
from workflows.script_engine import is_iso_literal

TRANSLATIONS = {
    '${decision == "approve"}': 'decision == "approve"',
    "${a && b || !c}": "a and b or not c",
    '${x != "a && b"}': 'x != "a && b"',
    "${empty comment}": "is_empty(comment)",
    "${!empty escalation.watch[0]}": "not is_empty(escalation.watch[0])",
    "${count gt 2 and flag eq true}": "count > 2 and flag == True",
    "${value == null}": "value == None",
    "decision == 'approve'": "decision == 'approve'",
}


@pytest.mark.parametrize(("juel", "python"), TRANSLATIONS.items(), ids=list(TRANSLATIONS))
def test_to_python__translates_juel(juel, python):
    assert " ".join(to_python(juel).split()) == " ".join(python.split())


@pytest.mark.parametrize(
    ("text", "literal"),
    [("PT4H", True), ("P1D", True), ("P2W", True), ("PT1.5H", True), ("2026-12-01T09:00:00Z", True),
     ("R3/PT1H", True), ("R/PT10M", True), ("P", False), ("PT", False), ("sla_duration", False),
     ("${sla_duration}", False)],
)
def test_is_iso_literal__knows_bare_timer_values(text, literal):
    assert is_iso_literal(text) is literal


CONDITIONS = {
    "JUEL equality": ('${decision == "approve"}', {"decision": "approve"}, "yes"),
    "JUEL or, not": ('${decision == "x" || !flag}', {"decision": "y", "flag": False}, "yes"),
    "JUEL empty": ("${empty comment}", {"comment": ""}, "yes"),
    "JUEL not empty": ("${!empty comment}", {"comment": None}, "no"),
    "JUEL map access": ('${escalation.severity == "High"}', {"escalation": {"severity": "High"}},
                        "yes"),
    "Python": ("escalation['severity'] == 'Low'", {"escalation": {"severity": "High"}}, "no"),
}


@pytest.mark.parametrize(("condition", "data", "end"), CONDITIONS.values(), ids=CONDITIONS)
def test_gateway__takes_the_flow_whose_condition_holds(scripted, condition, data, end):
    spec = load_spec(scripted("done = True", condition=condition))
    instance = Instance.start(spec, variables=data)
    assert instance.view().history[-1].element_id == end


def test_gateway__condition_naming_a_missing_variable_fails_on_the_gateway(scripted):
    spec = load_spec(scripted("done = True", condition='${decison == "approve"}'))
    with pytest.raises(ScriptError, match="decison") as caught:
        Instance.start(spec, variables={"decision": "approve"})
    assert caught.value.element_id == "gate"
