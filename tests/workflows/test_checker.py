"""The publish-time checker: every problem, located by element id, name and line."""

from __future__ import annotations

import pytest

from webapp.escalations.contract import MESSAGE_NAMES
from workflows import check_template

OPERATIONS = {"escalate", "decline", "close", "add_work_note"}
LANES = {"Approvers", "Escalation manager"}
MESSAGES = set(MESSAGE_NAMES)


@pytest.fixture
def check(diagram):
    """Check the approval diagram after replacing text in it."""

    def _check(old: str = "", new: str = "", **overrides):
        bpmn = diagram("approval.bpmn").decode().replace(old, new, 1)
        options = {"operations": OPERATIONS, "lane_resolves": LANES, "messages": MESSAGES,
                   "dmn": [diagram("route.dmn")], **overrides}
        return check_template(bpmn.encode(), **options)

    return _check


def test_check__passes_the_approval_diagram(check):
    assert check() == []


def test_check__accepts_a_callable_lane_resolver(check):
    assert check(lane_resolves=lambda name: name in LANES) == []


BROKEN = {
    "no executable process": ('isExecutable="true"', 'isExecutable="false"', None,
                              "no executable process"),
    "duplicate id": ('id="MessageEventDefinition_1"', 'id="TimerEventDefinition_1"',
                     "TimerEventDefinition_1", "more than once"),
    "form option id equal to an element id": ('id="approve_handover"', 'id="approve"', "approve",
                                              "also an element id"),
    "form field id equal to an element id": ('formField id="comment"', 'formField id="route"',
                                             "route", "also an element id"),
    "user task outside any lane": ("<bpmn:flowNodeRef>approve</bpmn:flowNodeRef>", "", "approve",
                                   "outside any lane"),
    "lane resolving to nobody": ('name="Escalation manager"', 'name="Night shift"',
                                 "Lane_manager", "resolves to nobody"),
    "script not compiling": ("escalate()\n", "import os\n", "do_escalate", "does not compile"),
    "script in another language": ('scriptFormat="python">\n      <bpmn:incoming>f_reject',
                                   'scriptFormat="groovy">\n      <bpmn:incoming>f_reject',
                                   "do_decline", "must be Python"),
    "operation not provided": ("close()", "notify()", "do_close", "calls notify()"),
    "condition not compiling": ('${decision == "approve_option"', '${decision = "approve_option"',
                                "f_accept", "does not compile"),
    "JUEL conditional": ('${decision == "approve_option"', '${decision ? 1 : 2',
                         "f_accept", "not supported"),
    "timer not ISO 8601": (">PT1H<", ">one hour<", "approve_timeout", "ISO 8601"),
    "bad ISO duration": (">PT1H<", ">PT1X<", "approve_timeout", "not a valid duration"),
    "enum without options": ('<camunda:value id="approve_option" name="Approve" />\n'
                             '            <camunda:value id="reject_option" name="Reject" />', "",
                             "approve", "no options"),
    "unknown field type": ('id="comment" label="Comment" type="string"',
                           'id="comment" label="Comment" type="file"', "approve", "type 'file'"),
    "message never delivered": ('name="de-escalate"', 'name="wake-up"',
                                "wait_de_escalate", "never delivered"),
    "schema violation": ("<bpmn:documentation>", "<bpmn:bogus/><bpmn:documentation>", "approve",
                         "BPMN schema"),
}


@pytest.mark.parametrize(("old", "new", "element", "message"), BROKEN.values(), ids=BROKEN)
def test_check__reports_the_problem_on_its_element(check, old, new, element, message):
    problems = check(old, new)
    assert any(p.element_id == element and message in p.message for p in problems), problems
    assert all(p.line for p in problems if p.element_id)


def test_check__accepts_the_same_option_ids_on_every_approval_form(check):
    assert check('value id="approve_handover"', 'value id="approve_option"') == []


def test_check__reports_every_problem_not_just_the_first(check):
    problems = check(">PT1H<", ">in an hour<", lane_resolves=set(), operations=set())
    assert {p.element_id for p in problems} >= {
        "approve_timeout", "Lane_approvers", "Lane_manager", "do_escalate", "do_decline"}


def test_check__reports_a_bad_dmn_cell(check, diagram):
    dmn = diagram("route.dmn").decode().replace('"urgent"', '"urgent" +')
    problems = check(dmn=[dmn.encode()])
    assert [p.element_id for p in problems] == ["out_high"]
