"""Dry runs of each shipped template down each of its paths; none of them stores anything."""

import pytest

from tests.webapp.dry_run.helpers import (
    CRITICAL,
    SLA_REMINDER,
    STANDARD_ACCOUNT,
    STANDARD_CASE,
    run,
    summary,
)
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.dry_run_draft import DraftTemplate

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
                 "Gateway_Decision", "Task_Escalate", "Event_DeEscalate",
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
                 "Task_ApproveEscalationLevel2", "Gateway_Decision", "Task_Escalate"],
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
    assert summary(report)["path"][-7:] == [
        "Task_RejectDeEscalation", "Event_DeEscalate", "Task_RequestDeEscalation",
        "Task_ApproveDeEscalation", "Gateway_DeEscalationDecision", "Task_Close",
        "Event_Closed"]
    assert (report.status.kind, report.final_state) == ("completed", "closed")
    assert [e.kind for e in report.events] == ["message", "message"]
