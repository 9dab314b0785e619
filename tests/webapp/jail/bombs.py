"""Hostile scripts and templates that carry them, for the jail tests."""

from __future__ import annotations

import uuid
from pathlib import Path

from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import SourceType
from webapp.extensions import db

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
SORT = "x = ['a' * 10**6] * 10**6\nx.sort()"

# name: (script, what the failure says about the {step} it ran in, whether the jail must be
# the one to stop it: True for single C-level calls, False where the sandbox stops it first,
# None where either may, depending on the machine).
BOMBS = {
    "sort of a shared list": (SORT, "the script in {step} ran longer than", True),
    "five sorts": ("\n".join([SORT] * 5), "the script in {step} ran longer than", True),
    "repr of a shared list": ("x = repr([[0] * 10**4] * 30000)", "the script in {step}", True),
    "extend in a loop": ("l = [0] * 10**6\nfor i in range(40):\n    l.extend(l)",
                         "the script in {step}", True),
    "translate with a long replacement": (
        "s = 'a' * 10**6\nt = s.translate({97: 'b' * 10**5})", "the script in {step}", True),
    "map str over a shared list": ("y = list(map(str, [[0] * 1000] * 10**6))",
                                   "the script in {step}", True),
    "deep recursion": ("def f(n):\n    return f(n + 1)\nf(0)", "recursion too deep", False),
    "a huge power": ("x = 10**10**10", "{step}", False),
    "an endless loop": ("while True:\n    pass", "{step}", None),
}
KILLED = ("ran longer than", "used more than")


def _with_script(xml: str, script: str) -> str:
    # A fresh comment each time: the jail counts kills per diagram, and tests must not share.
    script = f"# {uuid.uuid4()}\n{script}"
    return xml.replace("<bpmn:script>escalate()", f"<bpmn:script>{script}\nescalate()", 1)


def publish_escalate_bomb(world, script: str, *, name: str = "Bomb",
                          skip_approval: bool = False) -> str:
    """The standard case template with `script` run first in its Escalate step."""
    xml = _with_script((BPMN / "standard_case_escalation.bpmn").read_text(), script)
    templates.publish(xml=xml, name=name, source_type=SourceType.CASE,
                      approval_group=world.approvers, skip_approval=skip_approval)
    db.session.commit()
    return name


def publish_timer_bomb(world, script: str, *, name: str = "Timer bomb") -> str:
    """The critical case template with a step *Prepare* between its one-hour timer and the
    level-2 approval that runs `script`."""
    xml = (BPMN / "critical_case_escalation.bpmn").read_text()
    step = (f'<bpmn:scriptTask id="Task_Prepare" name="Prepare" scriptFormat="python">'
            f'<bpmn:incoming>Flow_Level1Timeout</bpmn:incoming>'
            f'<bpmn:outgoing>Flow_Prepared</bpmn:outgoing>'
            f'<bpmn:script># {uuid.uuid4()}\n{script}</bpmn:script></bpmn:scriptTask>'
            f'<bpmn:sequenceFlow id="Flow_Prepared" sourceRef="Task_Prepare" '
            f'targetRef="Task_ApproveEscalationLevel2" />')
    flow = ('<bpmn:sequenceFlow id="Flow_Level1Timeout" sourceRef="Timer_Level1Timeout" '
            'targetRef="Task_ApproveEscalationLevel2" />')
    assert flow in xml
    xml = xml.replace(flow, flow.replace("Task_ApproveEscalationLevel2", "Task_Prepare") + step)
    level2 = xml.index('<bpmn:userTask id="Task_ApproveEscalationLevel2"')
    xml = xml[:level2] + xml[level2:].replace("<bpmn:incoming>Flow_Level1Timeout",
                                              "<bpmn:incoming>Flow_Prepared", 1)
    xml = xml.replace("<bpmn:flowNodeRef>Task_Escalate</bpmn:flowNodeRef>",
                      "<bpmn:flowNodeRef>Task_Escalate</bpmn:flowNodeRef>"
                      "<bpmn:flowNodeRef>Task_Prepare</bpmn:flowNodeRef>", 1)
    templates.publish(xml=xml, name=name, source_type=SourceType.CASE,
                      approval_group=world.approvers, add_group_manager=True)
    db.session.commit()
    return name
