"""Dry runs of each shipped template down each of its paths; none of them stores anything."""

import pytest

from tests.webapp.dry_run.helpers import (
    CRITICAL,
    SLA_REMINDER,
    STANDARD_ACCOUNT,
    STANDARD_CASE,
    run,
    shipped_xml,
    summary,
)
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.dry_run_draft import DraftTemplate

# The Critical Case template waits for de-escalation in a sub-process, an SLA breach beside it.
WAITED_ESCALATED = ["Event_EscalatedStart", "Event_DeEscalate", "Event_EscalatedEnd",
                    "Sub_Escalated"]
APPROVED_AND_CLOSED = ["Event_Start", "Gateway_ApprovalNeeded", "Task_ApproveEscalation",
                       "Gateway_Decision", "Task_Escalate", "Event_DeEscalate", "Task_Close",
                       "Event_Closed"]


def test_standard_case__approved_then_de_escalated(world, case):
    report = run(world, STANDARD_CASE, case, ["approve"])
    assert summary(report) == {
        "status": "completed", "final_state": "closed", "path": APPROVED_AND_CLOSED,
        "tasks": [("Task_ApproveEscalation", "Approvers", ["bob", "carol"], "approve")],
        "operations": ["escalate", "close"], "notifications": [],
        "events": [("message", "Event_DeEscalate")]}
    assert report.tasks[0].candidate_groups == ["Escalation Approvers"]


def test_standard_case__approved_and_left_escalated_without_de_escalation(world, case):
    report = run(world, STANDARD_CASE, case, ["approve"], de_escalate=False)
    assert (report.status.kind, report.final_state) == ("waiting", "escalated")
    assert [(w.kind, w.element_id, w.detail) for w in report.status.waiting_for] == [
        ("message", "Event_DeEscalate", "de-escalate")]
    assert report.events == []


def test_standard_case__rejected_and_the_requester_told(world, case):
    report = run(world, STANDARD_CASE, case, ["reject"])
    assert summary(report) == {
        "status": "completed", "final_state": "declined",
        "path": ["Event_Start", "Gateway_ApprovalNeeded", "Task_ApproveEscalation",
                 "Gateway_Decision", "Task_Decline", "Event_Declined"],
        "tasks": [("Task_ApproveEscalation", "Approvers", ["bob", "carol"], "reject")],
        "operations": ["decline"], "notifications": [], "events": []}
    assert report.operations[0].args == {"reason": "Dry run"}


def _escalated_at_once(report) -> dict:
    return {
        "status": "completed", "final_state": "closed",
        "path": ["Event_Start", "Gateway_ApprovalNeeded", "Task_Escalate", "Event_DeEscalate",
                 "Task_Close", "Event_Closed"],
        "tasks": [], "operations": ["escalate", "close"], "notifications": [],
        "events": [("message", "Event_DeEscalate")]}


def test_standard_case__skip_approval_escalates_at_once(world, case):
    settings = DraftTemplate.of(templates.get_by_name(STANDARD_CASE), skip_approval=True)
    report = run(world, STANDARD_CASE, case, [], template=settings)
    assert summary(report) == _escalated_at_once(report)


def test_standard_case__nobody_to_approve_escalates_at_once(world, case):
    settings = DraftTemplate.of(templates.get_by_name(STANDARD_CASE), approval_group=None,
                                add_group_manager=False)
    report = run(world, STANDARD_CASE, case, [], template=settings)
    assert summary(report) == _escalated_at_once(report)


def test_standard_account__approved_then_closed(world, account):
    report = run(world, STANDARD_ACCOUNT, account, ["approve"],
                 assignment_group=world.management)
    assert summary(report) == {
        "status": "completed", "final_state": "closed",
        "path": ["Event_Start", "Gateway_ApprovalNeeded", "Task_ApproveEscalation",
                 "Gateway_Decision", "Task_Escalate", "Event_DeEscalate", "Task_Close",
                 "Event_Closed"],
        "tasks": [("Task_ApproveEscalation", "Approvers", ["bob"], "approve")],
        "operations": ["escalate", "close"], "notifications": [],
        "events": [("message", "Event_DeEscalate")]}


@pytest.mark.parametrize("assigned_to, told", [(None, ["dave"]), ("carol", ["carol"])])
def test_sla_reminder_example__notifies_the_escalation_manager(world, account, assigned_to,
                                                               told):
    # docs/examples: the account template with a reminder when the response time passes.
    report = run(world, STANDARD_ACCOUNT, account, ["approve"], xml=SLA_REMINDER.read_text(),
                 assignment_group=world.management, pass_timers=True, de_escalate=False,
                 assigned_to=world.users.get(assigned_to))
    assert [(n.to, n.recipients) for n in report.notifications] == [
        ("escalation_manager", told)]
    assert "is past its response time" in report.notifications[0].subject


def test_critical__approved_at_level_one_and_de_escalation_approved(world, case):
    report = run(world, CRITICAL, case, ["approve", "approve"])
    assert summary(report) == {
        "status": "completed", "final_state": "closed",
        "path": ["Event_Start", "Gateway_ApprovalNeeded", "Task_ApproveEscalation",
                 "Gateway_Decision", "Task_Escalate", *WAITED_ESCALATED,
                 "Task_RequestDeEscalation", "Task_ApproveDeEscalation",
                 "Gateway_DeEscalationDecision", "Task_Close", "Event_Closed"],
        "tasks": [("Task_ApproveEscalation", "Approval group", ["bob"], "approve"),
                  ("Task_ApproveDeEscalation", "Escalation Management", ["dave"], "approve")],
        "operations": ["escalate", "request_de_escalation", "close"], "notifications": [],
        "events": [("message", "Event_DeEscalate")]}


def test_critical__level_two_takes_over_when_timers_pass(world, case):
    report = run(world, CRITICAL, case, ["approve"], pass_timers=True, de_escalate=False)
    assert summary(report) == {
        "status": "waiting", "final_state": "escalated",
        "path": ["Event_Start", "Gateway_ApprovalNeeded", "Timer_Level1Timeout",
                 "Task_ApproveEscalationLevel2", "Gateway_Decision", "Task_Escalate",
                 "Event_EscalatedStart"],
        "tasks": [("Task_ApproveEscalationLevel2", "Group manager", ["carol"], "approve")],
        "operations": ["escalate"], "notifications": [],
        "events": [("timer", "Timer_Level1Timeout")]}
    assert report.events[0].at == world.clock.now.replace(hour=10).isoformat()


def test_critical__de_escalation_rejected_then_approved(world, case):
    report = run(world, CRITICAL, case, ["approve", "reject", "approve"])
    assert summary(report)["tasks"] == [
        ("Task_ApproveEscalation", "Approval group", ["bob"], "approve"),
        ("Task_ApproveDeEscalation", "Escalation Management", ["dave"], "reject"),
        ("Task_ApproveDeEscalation", "Escalation Management", ["dave"], "approve")]
    assert summary(report)["operations"] == [
        "escalate", "request_de_escalation", "reject_de_escalation",
        "request_de_escalation", "close"]
    assert report.operations[2].args == {"reason": "Dry run"}
    assert summary(report)["path"][-10:] == [
        "Task_RejectDeEscalation", *WAITED_ESCALATED, "Task_RequestDeEscalation",
        "Task_ApproveDeEscalation", "Gateway_DeEscalationDecision", "Task_Close",
        "Event_Closed"]
    assert (report.status.kind, report.final_state) == ("completed", "closed")
    assert [e.kind for e in report.events] == ["message", "message"]


def test_critical__a_breach_hands_the_escalation_to_escalation_management(world, case):
    report = run(world, CRITICAL, case, ["approve", "approve"], breach_sla=True)
    assert summary(report) == {
        "status": "completed", "final_state": "closed",
        "path": ["Event_Start", "Gateway_ApprovalNeeded", "Task_ApproveEscalation",
                 "Gateway_Decision", "Task_Escalate", "Event_EscalatedStart",
                 "Event_SlaBreached", "Task_HandToEscalationManagement", "Event_HandedOn",
                 *WAITED_ESCALATED[1:], "Task_RequestDeEscalation", "Task_ApproveDeEscalation",
                 "Gateway_DeEscalationDecision", "Task_Close", "Event_Closed"],
        "tasks": [("Task_ApproveEscalation", "Approval group", ["bob"], "approve"),
                  ("Task_ApproveDeEscalation", "Escalation Management", ["dave"], "approve")],
        "operations": ["escalate", "assign_group", "notify", "add_work_note",
                       "request_de_escalation", "close"],
        "notifications": [("escalation_manager", ["dave"],
                           "Escalation DRY-RUN breached its SLA")],
        "events": [("message", "Event_SlaBreached"), ("message", "Event_DeEscalate")]}
    assert report.operations[1].args == {"group": "Escalation Management"}
    # The breach comes when High Severity's four hours have passed.
    assert report.events[0].at == world.clock.now.replace(hour=13).isoformat()


def test_standard_case__has_no_breach_path_so_breaching_changes_nothing(world, case):
    with_breach = run(world, STANDARD_CASE, case, ["approve"], breach_sla=True)
    without = run(world, STANDARD_CASE, case, ["approve"])
    assert summary(with_breach) == summary(without)


def test_assign_group__to_a_group_that_does_not_exist_fails_on_its_element(world, case):
    xml = shipped_xml(CRITICAL).replace('assign_group("Escalation Management")',
                                        'assign_group("Escalation Mgmt")')
    report = run(world, CRITICAL, case, ["approve"], xml=xml, breach_sla=True)
    assert (report.status.kind, report.status.element_id) == (
        "error", "Task_HandToEscalationManagement")
    assert report.status.message == (
        "operation assign_group() failed: there is no group 'Escalation Mgmt'")
