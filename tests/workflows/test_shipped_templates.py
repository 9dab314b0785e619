"""The templates shipped in bpmn/: they pass the publish check and run down every path,
the instance state round-tripped after every step."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from workflows import Instance, StatusKind, UnknownMessage, check_template, load_spec

TEMPLATES = Path(__file__).parents[2] / "bpmn"
CASE = "standard_case_escalation.bpmn"
ACCOUNT = "standard_account_escalation.bpmn"
CRITICAL = "critical_case_escalation.bpmn"
LANES = {"Approvers", "Approval group", "Group manager", "Escalation manager", "Requester",
         "Agent", "Escalation Management"}
PROCESSES = {CASE: "Process_StandardCaseEscalation",
             ACCOUNT: "Process_StandardAccountEscalation",
             CRITICAL: "Process_CriticalCaseEscalation"}


def read_template(name: str) -> bytes:
    """The bytes of a shipped template."""
    return (TEMPLATES / name).read_bytes()


def contract_variables(name: str, *, approval_required: bool) -> dict:
    """The variables the web app starts a template with."""
    account_type = name == ACCOUNT
    return {
        "escalation": {
            "number": "ESC0000042", "source_type": "account" if account_type else "case",
            "severity": "High Severity", "reason": "lack_of_progress",
            "request_source": "customer", "justification": "No progress for a week",
            "requested_by": "alice",
        },
        "case": None if account_type else {
            "number": "CS0000007", "short_description": "Invoices fail to export",
            "priority": 2, "assignment_group": "Tier 1 Support", "assigned_to": "alice",
        },
        "account": {"number": "ACC0000003", "name": "Initech", "tier": "gold"},
        "template": {"name": PROCESSES[name], "type": "account" if account_type else "case",
                     "skip_approval": not approval_required},
        "sla_duration": "PT4H",
        "approval_required": approval_required,
    }


@pytest.fixture
def run(recorder, t0):
    """`run(name, approval_required=True)`: start a shipped template at t0 with recorded
    operations."""

    def _run(name: str, *, approval_required: bool = True) -> Instance:
        return Instance.start(
            load_spec(read_template(name)),
            variables=contract_variables(name, approval_required=approval_required),
            operations=recorder.operations(),
            clock=lambda: t0,
        )

    return _run


def waits_for(instance: Instance) -> set[str]:
    """The element ids the instance waits on: ready user tasks, timers and message catches."""
    ready = {task.element_id for task in instance.ready_tasks()}
    return ready | {event.element_id for event in instance.waiting_events()}


def summary(calls: list[tuple]) -> list[tuple]:
    """The recorded calls, a notification reduced to whom it goes to."""
    return [call[:2] if call[0] == "notify" else call for call in calls]


def act(instance: Instance, step: tuple, t0) -> None:
    """Perform one step of a path, checking the task decided on is where it should be."""
    kind, *args = step
    if kind == "decide":
        element, lane, decision, comment = args
        (task,) = instance.ready_tasks()
        assert (task.element_id, task.lane) == (element, lane)
        decision_field, comment_field = task.form
        assert (decision_field.id, decision_field.required) == ("decision", True)
        assert [option.id for option in decision_field.options] == ["approve", "reject"]
        assert (comment_field.id, comment_field.type) == ("comment", "string")
        instance.complete_task(task.id, {"decision": decision, "comment": comment})
    elif kind == "clock":
        instance.fire_timers(now=t0 + timedelta(minutes=args[0]))
    elif kind == "de-escalate":
        instance.send_message("de-escalate", {"justification": args[0], "by": "carol"})
    elif kind == "sla-breached":
        instance.send_message("sla-breached", BREACH)


ESCALATED = [("escalate",)]  # the app tells people of each move: the templates notify nobody
DECLINED = [("decline", "Not urgent enough")]
APPROVE = ("decide", "Task_ApproveEscalation", "Approvers", "approve", "Go")
REJECT = ("decide", "Task_ApproveEscalation", "Approvers", "reject", "Not urgent enough")
DE_ESCALATE = ("de-escalate", "Customer is happy again")
LEVEL_1 = ("Task_ApproveEscalation", "Approval group")
LEVEL_2 = ("Task_ApproveEscalationLevel2", "Group manager")
DE_ESCALATION = ("Task_ApproveDeEscalation", "Escalation Management")
WAITS_LEVEL_1 = {"Task_ApproveEscalation", "Timer_Level1Timeout"}
WAITS_DE_ESCALATE = {"Event_DeEscalate"}
# The Critical Case template waits for de-escalation and, beside it, for an SLA breach.
WAITS_ESCALATED = {"Event_DeEscalate", "Event_SlaBreached"}
BREACH = {"severity": "High Severity", "sla_duration": "PT4H",
          "due_at": "2026-03-02T13:00:00+00:00"}
SLA_BREACHED = ("sla-breached",)
HANDED_TO_MANAGEMENT = [("assign_group", "Escalation Management"),
                        ("notify", "escalation_manager"),
                        ("add_work_note", "SLA breached: handed to Escalation Management.")]

PATHS = {
    "case: approved, then de-escalated": (
        CASE, True, {"Task_ApproveEscalation"},
        [(APPROVE, WAITS_DE_ESCALATE), (DE_ESCALATE, set())],
        [*ESCALATED, ("close",)], "Event_Closed",
    ),
    "case: rejected with a comment": (
        CASE, True, {"Task_ApproveEscalation"}, [(REJECT, set())], DECLINED, "Event_Declined",
    ),
    "case: approval skipped, then de-escalated": (
        CASE, False, WAITS_DE_ESCALATE, [(DE_ESCALATE, set())],
        [*ESCALATED, ("close",)], "Event_Closed",
    ),
    "account: approved, then de-escalated": (
        ACCOUNT, True, {"Task_ApproveEscalation"},
        [(APPROVE, WAITS_DE_ESCALATE), (DE_ESCALATE, set())],
        [*ESCALATED, ("close",)], "Event_Closed",
    ),
    "account: rejected with a comment": (
        ACCOUNT, True, {"Task_ApproveEscalation"}, [(REJECT, set())], DECLINED, "Event_Declined",
    ),
    "account: approval skipped, then de-escalated": (
        ACCOUNT, False, WAITS_DE_ESCALATE, [(DE_ESCALATE, set())],
        [*ESCALATED, ("close",)], "Event_Closed",
    ),
    "critical: approved at level 1, de-escalation approved": (
        CRITICAL, True, WAITS_LEVEL_1,
        [(("decide", *LEVEL_1, "approve", None), WAITS_ESCALATED),
         (DE_ESCALATE, {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "approve", None), set())],
        [*ESCALATED, ("request_de_escalation",), ("close",)], "Event_Closed",
    ),
    "critical: rejected at level 1": (
        CRITICAL, True, WAITS_LEVEL_1,
        [(("decide", *LEVEL_1, "reject", "Not urgent enough"), set())],
        DECLINED, "Event_Declined",
    ),
    "critical: approval skipped, de-escalation approved": (
        CRITICAL, False, WAITS_ESCALATED,
        [(DE_ESCALATE, {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "approve", "Agreed"), set())],
        [*ESCALATED, ("request_de_escalation",), ("close",)], "Event_Closed",
    ),
    "critical: handed to the group manager after an hour, approved there": (
        CRITICAL, True, WAITS_LEVEL_1,
        [(("clock", 59), WAITS_LEVEL_1), (("clock", 61), {"Task_ApproveEscalationLevel2"}),
         (("decide", *LEVEL_2, "approve", None), WAITS_ESCALATED),
         (DE_ESCALATE, {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "approve", None), set())],
        [*ESCALATED, ("request_de_escalation",), ("close",)], "Event_Closed",
    ),
    "critical: handed to the group manager, rejected there": (
        CRITICAL, True, WAITS_LEVEL_1,
        [(("clock", 61), {"Task_ApproveEscalationLevel2"}),
         (("decide", *LEVEL_2, "reject", "Not urgent enough"), set())],
        DECLINED, "Event_Declined",
    ),
    "critical: de-escalation rejected, escalated again, then de-escalated": (
        CRITICAL, True, WAITS_LEVEL_1,
        [(("decide", *LEVEL_1, "approve", None), WAITS_ESCALATED),
         (("de-escalate", "Looks fine"), {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "reject", "Still failing"), WAITS_ESCALATED),
         (DE_ESCALATE, {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "approve", None), set())],
        [*ESCALATED, ("request_de_escalation",), ("reject_de_escalation", "Still failing"),
         ("request_de_escalation",), ("close",)],
        "Event_Closed",
    ),
    "critical: SLA breached while escalated, handed to Escalation Management, de-escalated": (
        CRITICAL, True, WAITS_LEVEL_1,
        [(("decide", *LEVEL_1, "approve", None), WAITS_ESCALATED),
         (SLA_BREACHED, WAITS_DE_ESCALATE),
         (DE_ESCALATE, {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "approve", None), set())],
        [*ESCALATED, *HANDED_TO_MANAGEMENT, ("request_de_escalation",), ("close",)],
        "Event_Closed",
    ),
    "critical: breached, de-escalation rejected, waits for a breach again, then closed": (
        CRITICAL, False, WAITS_ESCALATED,
        [(SLA_BREACHED, WAITS_DE_ESCALATE),
         (("de-escalate", "Looks fine"), {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "reject", "Still failing"), WAITS_ESCALATED),
         (SLA_BREACHED, WAITS_DE_ESCALATE),
         (DE_ESCALATE, {"Task_ApproveDeEscalation"}),
         (("decide", *DE_ESCALATION, "approve", None), set())],
        [*ESCALATED, *HANDED_TO_MANAGEMENT, ("request_de_escalation",),
         ("reject_de_escalation", "Still failing"), *HANDED_TO_MANAGEMENT,
         ("request_de_escalation",), ("close",)],
        "Event_Closed",
    ),
}


@pytest.mark.parametrize(
    ("name", "approval_required", "waits_at_start", "steps", "expected_calls", "end"),
    PATHS.values(), ids=PATHS,
)
def test_path__runs_to_its_end_and_round_trips_after_every_step(
    run, recorder, round_trip, t0, name, approval_required, waits_at_start, steps, expected_calls,
    end,
):
    instance = round_trip(run(name, approval_required=approval_required))
    assert waits_for(instance) == waits_at_start
    for step, waits_after in steps:
        act(instance, step, t0)
        instance = round_trip(instance)
        assert waits_for(instance) == waits_after, step
    assert summary(recorder.calls) == expected_calls
    assert instance.status.kind is StatusKind.COMPLETED
    assert end in instance.view().completed
    assert instance.next_timer_due is None


@pytest.mark.parametrize("name", [CASE, ACCOUNT, CRITICAL])
def test_template__passes_the_publish_check_and_loads(operation_names, name):
    bpmn = read_template(name)
    problems = check_template(bpmn, operations=operation_names, lane_resolves=LANES,
                              messages={"de-escalate", "sla-breached"})
    assert problems == []
    assert load_spec(bpmn).process_id == PROCESSES[name]


def test_critical__hands_the_approval_to_the_group_manager_only_after_one_hour(
    run, round_trip, t0
):
    instance = run(CRITICAL)
    assert instance.next_timer_due == t0 + timedelta(hours=1)
    (level_1,) = instance.ready_tasks(lane="Approval group")
    instance.fire_timers(now=t0 + timedelta(minutes=59, seconds=59))
    instance = round_trip(instance)
    assert instance.ready_tasks() == [level_1]
    instance.fire_timers(now=t0 + timedelta(hours=1))
    instance = round_trip(instance)
    assert instance.ready_tasks(lane="Approval group") == []
    (level_2,) = instance.ready_tasks(lane="Group manager")
    assert level_2.name == "Approve escalation (level 2)"
    assert level_2.form == level_1.form
    assert instance.next_timer_due is None


def test_critical__a_level_1_decision_within_the_hour_cancels_the_handover(run, recorder, t0):
    instance = run(CRITICAL)
    (task,) = instance.ready_tasks()
    instance.complete_task(task.id, {"decision": "approve"})
    instance.fire_timers(now=t0 + timedelta(hours=2))
    assert waits_for(instance) == WAITS_ESCALATED
    assert recorder.names() == ["escalate"]


@pytest.mark.parametrize(("name", "notifies"), [(CASE, 0), (ACCOUNT, 0), (CRITICAL, 1)])
def test_template__notifies_nobody_of_a_move(name, notifies):
    # The app tells people of every move; a notify() beside one would be a second message. The
    # Critical template's one tells Escalation Management that a breached escalation is theirs.
    assert read_template(name).count(b"notify(") == notifies


def test_de_escalate__keeps_the_payload_in_the_de_escalate_variable(run):
    instance = run(CRITICAL, approval_required=False)
    instance.send_message("de-escalate", {"justification": "Fixed", "by": "carol"})
    assert instance.variables["de_escalate"] == {"justification": "Fixed", "by": "carol"}
    (task,) = instance.ready_tasks()
    assert (task.element_id, task.lane) == DE_ESCALATION


def test_critical__a_breach_hands_over_once_and_keeps_de_escalation_open(run, recorder):
    instance = run(CRITICAL, approval_required=False)
    instance.send_message("sla-breached", BREACH)
    (notified,) = [call for call in recorder.calls if call[0] == "notify"]
    subject, body = notified[2:]
    assert subject == "Escalation ESC0000042 breached its SLA"
    assert body == ("Case CS0000007 was not answered within the High Severity response time "
                    "(PT4H). Escalation Management takes the escalation over.")
    assert instance.variables["sla_breached"] == BREACH
    with pytest.raises(UnknownMessage):  # the boundary event fires once per wait
        instance.send_message("sla-breached", BREACH)
    instance.send_message("de-escalate", {"justification": "Fixed", "by": "carol"})
    (task,) = instance.ready_tasks()
    assert (task.element_id, task.lane) == DE_ESCALATION
