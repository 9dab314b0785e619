"""Dry runs that stop: an illegal move, a broken diagram, no decision left, bad input."""

import json

import pytest

from tests.webapp.dry_run.helpers import CRITICAL, STANDARD_CASE, run, shipped_xml, summary
from webapp.auth.models import Group
from webapp.errors import ValidationFailed
from webapp.escalations import contract, effects
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.dry_run import MAX_STEPS, WriteAttempted, read_only
from webapp.escalations.templates.dry_run_draft import DraftEscalation, DraftTarget, DraftTemplate
from webapp.extensions import db
from workflows import Effect


def _standard_with_escalate_script(script: str) -> str:
    return shipped_xml(STANDARD_CASE).replace("<bpmn:script>escalate()",
                                              f"<bpmn:script>{script}", 1)


def test_illegal_move__is_an_error_on_its_element(world, case):
    report = run(world, STANDARD_CASE, case, ["approve"],
                 xml=_standard_with_escalate_script("close()"))
    assert (report.status.kind, report.status.element_id) == ("error", "Task_Escalate")
    assert "cannot become closed" in report.status.message
    assert report.final_state == "requested"
    assert summary(report)["path"] == ["Event_Start", "Gateway_ApprovalNeeded",
                                       "Task_ApproveEscalation", "Gateway_Decision"]
    assert report.operations == []


def test_illegal_move_after_a_legal_one__keeps_nothing_of_that_step(world, case):
    # As in the real run: the step's effects are applied whole or not at all.
    report = run(world, STANDARD_CASE, case, ["approve"],
                 xml=_standard_with_escalate_script("escalate()\nescalate()"))
    assert (report.status.kind, report.status.element_id) == ("error", "Task_Escalate")
    assert "escalated cannot become escalated" in report.status.message
    assert (summary(report)["operations"], report.final_state) == ([], "requested")


def test_unknown_severity_in_a_script__is_an_error_on_its_element(world, case):
    report = run(world, STANDARD_CASE, case, ["approve"],
                 xml=_standard_with_escalate_script('set_severity("Apocalyptic")\nescalate()'))
    assert (report.status.kind, report.status.element_id) == ("error", "Task_Escalate")
    assert "Apocalyptic" in report.status.message


def test_set_severity_and_work_note__are_recorded_with_their_arguments(world, case):
    script = 'set_severity("Medium Severity")\nadd_work_note("Watch this")\nescalate()'
    report = run(world, STANDARD_CASE, case, ["approve"], de_escalate=False,
                 xml=_standard_with_escalate_script(script))
    assert [(c.name, c.args) for c in report.operations[:3]] == [
        ("set_severity", {"name": "Medium Severity"}),
        ("add_work_note", {"text": "Watch this"}), ("escalate", {})]
    assert report.status.kind == "waiting"


def test_illegal_move_at_start__is_an_error_on_its_element(world, case):
    settings = DraftTemplate.of(templates.get_by_name(STANDARD_CASE), skip_approval=True)
    report = run(world, STANDARD_CASE, case, [], template=settings,
                 xml=_standard_with_escalate_script("close()"))
    assert (report.status.kind, report.status.element_id) == ("error", "Task_Escalate")
    assert (report.final_state, report.tasks, report.operations) == ("requested", [], [])


def test_endless_de_escalation_rejections__stop_after_a_bounded_number_of_steps(world, case):
    report = run(world, CRITICAL, case, ["approve"] + ["reject"] * 40)
    assert (report.status.kind, report.status.message) == (
        "waiting", f"The dry run stopped after {MAX_STEPS} steps.")
    assert len(report.tasks) == MAX_STEPS // 2


@pytest.mark.parametrize("xml, message", [
    ("<bpmn:definitions", "XML"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', "DOCTYPE"),
    ("<definitions/>", ""),
])
def test_invalid_diagram__reports_its_problems(world, case, xml, message):
    report = run(world, STANDARD_CASE, case, ["approve"], xml=xml)
    assert report.status.kind == "invalid"
    assert report.problems and all(p["message"] for p in report.problems)
    assert message in " ".join(p["message"] for p in report.problems)
    assert (report.path, report.tasks, report.operations) == ([], [], [])


def test_decisions_running_out__says_which_task_waits(world, case):
    report = run(world, CRITICAL, case, ["approve"])
    assert report.status.kind == "waiting"
    assert "Approve de-escalation waits for a decision" in report.status.message
    assert [(w.kind, w.element_id, w.detail) for w in report.status.waiting_for] == [
        ("task", "Task_ApproveDeEscalation", "Escalation Management")]
    assert report.tasks[-1].decision is None
    assert report.final_state == "de_escalation_requested"


def test_no_decision_at_all__waits_at_the_first_approval_with_its_timer(world, case):
    report = run(world, CRITICAL, case, [])
    assert [(w.kind, w.element_id) for w in report.status.waiting_for] == [
        ("task", "Task_ApproveEscalation"), ("timer", "Timer_Level1Timeout")]
    assert report.status.waiting_for[1].detail == world.clock.now.replace(hour=10).isoformat()


@pytest.mark.parametrize("decisions", [["maybe"], ["approve", "later"]])
def test_decisions__other_than_approve_or_reject_are_refused(world, case, decisions):
    with pytest.raises(ValidationFailed) as error:
        run(world, STANDARD_CASE, case, decisions)
    assert "decisions" in error.value.fields


def test_template_of_the_other_type__is_refused(world, account):
    with pytest.raises(ValidationFailed) as error:
        run(world, STANDARD_CASE, account, ["approve"])
    assert "template" in error.value.fields


def test_report__is_plain_json(world, case):
    report = run(world, CRITICAL, case, ["approve"], pass_timers=True)
    assert json.loads(json.dumps(report.to_dict()))["status"]["kind"] == "waiting"


SAMPLE_ARGS = {"reason": "r", "name": "Medium Severity", "text": "t", "to": "watchers",
               "subject": "s", "body": "b", "group": "Escalation Management"}
STATE_BEFORE = {"escalate": "requested", "decline": "requested",
                "reject_de_escalation": "de_escalation_requested"}


@pytest.mark.parametrize("call", contract.CALLS, ids=lambda call: call.name)
def test_every_operation_of_the_contract__applies_to_a_draft(world, case, call):
    draft = DraftEscalation(source_type="case", case=case, account=case.account,
                            severity=None, template=DraftTemplate(name="T", type="case"),
                            requested_by=world.alice,
                            state=STATE_BEFORE.get(call.name, "escalated"))
    target = DraftTarget(draft)
    args = {param.name: SAMPLE_ARGS[param.name] for param in call.operation.params}
    effects.apply([Effect(call.name, args, "Task_X")], target)
    assert target.state == (call.moves_to.value if call.moves_to else draft.state)
    assert draft.state == STATE_BEFORE.get(call.name, "escalated")  # the draft itself is kept


def test_read_only__refuses_a_flush_and_rolls_back_what_was_left_changed(world):
    with pytest.raises(WriteAttempted, match="must not write"), read_only():
        db.session.add(Group(name="Sneaky"))
        db.session.flush()
    with pytest.raises(WriteAttempted, match="rolled back"), read_only():
        world.tier1.name = "Renamed"
    assert db.session.get(Group, world.tier1.id).name == "Tier 1 Support"
