"""The template contract, declared once: the operations scripts may call, the messages a process
receives, the lane names and the variables a process starts with. The runtime, the publish
checks, the dry run and the guide's tables all read it from here."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.escalations.states import EscalationState
from workflows import Operation, Param


@dataclass(frozen=True)
class Message:
    """A message the web app delivers to a process: its name and payload keys."""

    name: str
    sent_when: str
    payload: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class Lane:
    """A lane name with a meaning of its own, and who it gives a task to."""

    name: str
    gives_to: str
    approval: bool = False


@dataclass(frozen=True)
class Variable:
    """A variable every process starts with."""

    name: str
    content: str


@dataclass(frozen=True)
class Call:
    """An operation with what it does to the escalation: the state it moves it to (None: the
    state stays), that move as the guide shows it, and everything else it does."""

    operation: Operation
    moves_to: EscalationState | None
    move: str
    does: str

    @property
    def name(self) -> str:
        """The operation's name, as scripts call it."""
        return self.operation.name


def _op(name: str, moves_to: EscalationState | None, move: str, does: str,
        *params: Param) -> Call:
    return Call(Operation(name, does, params), moves_to, move, does)


S = EscalationState
ESCALATE = _op("escalate", S.ESCALATED, "requested → escalated",
               "Sets *escalated at* and *approved by* (the person whose decision led to this "
               "step, if any), adds a work note. The case or account shows the severity colour.")
DECLINE = _op("decline", S.DECLINED, "requested → declined",
              "Sets *declined by*, the reason and *closed at*; adds a work note.",
              Param("reason", "why, shown to the requester", ""))
REQUEST_DE_ESCALATION = _op("request_de_escalation", S.DE_ESCALATION_REQUESTED,
                            "escalated → de-escalation requested",
                            "Adds a work note. Use it when de-escalation needs approval.")
REJECT_DE_ESCALATION = _op("reject_de_escalation", S.ESCALATED,
                           "de-escalation requested → escalated",
                           "Clears *de-escalated by*, adds a work note.",
                           Param("reason", "why", ""))
CLOSE = _op("close", S.CLOSED, "escalated or de-escalation requested → closed",
            "Sets *closed at*, adds a work note; the case or account loses its colour.")
SET_SEVERITY = _op("set_severity", None, "none",
                   "Switches to the active severity of that name (an unknown name fails the "
                   "step) and restarts the SLA on its response time. It does not restart the "
                   "process's own timers.", Param("name", "a severity's name"))
ASSIGN_GROUP = _op("assign_group", None, "none",
                   "Hands the escalation to the group of that name: sets its *assignment group* "
                   "(an unknown name fails the step) and clears *assigned to* unless that person "
                   "is a member of the group. The `Escalation manager` lane and "
                   "`notify(\"escalation_manager\", …)` then find the group's members.",
                   Param("group", "a group's name, such as `\"Escalation Management\"`"))
ADD_WORK_NOTE = _op("add_work_note", None, "none",
                    "Adds a work note; on a case escalation it is copied to the case.",
                    Param("text", "the note"))
NOTIFY = _op("notify", None, "none",
             "Queues a notification for each active user `to` names: `\"requester\"`, "
             "`\"watchers\"`, `\"approvers\"` or `\"escalation_manager\"`. Any other value fails "
             "the step. The app already tells people of every state move (see *Who is told "
             "what*): notify only of what it does not.", Param("to", "who"),
             Param("subject", "the subject"),
             Param("body", "the text", ""))
CALLS: tuple[Call, ...] = (ESCALATE, DECLINE, REQUEST_DE_ESCALATION, REJECT_DE_ESCALATION,
                           CLOSE, SET_SEVERITY, ASSIGN_GROUP, ADD_WORK_NOTE, NOTIFY)
OPERATIONS: tuple[Operation, ...] = tuple(call.operation for call in CALLS)
OPERATION_NAMES = tuple(call.name for call in CALLS)
MOVES: dict[str, EscalationState] = {c.name: c.moves_to for c in CALLS if c.moves_to}
NOTIFY_TARGETS = ("requester", "watchers", "approvers", "escalation_manager")

DE_ESCALATE = Message(
    "de-escalate", "someone clicks **De-escalate** and gives a justification",
    ("justification", "by"),
    "Refused unless the escalation is *Escalated* and the process is waiting for this message "
    "at that moment. The web app records the justification and *de-escalated by* before the "
    "process runs.")
SEVERITY_CHANGED = Message(
    "severity-changed", "the severity is changed on the escalation",
    ("severity", "sla_duration"),
    "Delivered only if the process is waiting for it. Otherwise the process is not told, and "
    "its timers keep their due times.")
SLA_BREACHED = Message(
    "sla-breached", "the severity's response time passes while the escalation is open",
    ("severity", "sla_duration", "due_at"),
    "Delivered by the worker, once per SLA, only if the process is waiting for it at that "
    "moment; the breach is marked, noted and notified either way. `due_at` is the due time in "
    "ISO 8601 UTC. A severity change starts a new SLA, which may breach (and be delivered) "
    "again.")
MESSAGES: tuple[Message, ...] = (DE_ESCALATE, SEVERITY_CHANGED, SLA_BREACHED)
MESSAGE_NAMES = tuple(m.name for m in MESSAGES)

APPROVERS = Lane("Approvers", "the members of the template's approval group, plus the manager of "
                 "the case's assignment group when the template adds them", approval=True)
APPROVAL_GROUP = Lane("Approval group", "the members of the template's approval group only",
                      approval=True)
GROUP_MANAGER = Lane("Group manager", "the manager of the case's assignment group (nobody on an "
                     "account escalation)", approval=True)
ESCALATION_MANAGER = Lane("Escalation manager", "the escalation's escalation manager, else the "
                          "members of its assignment group. Both are chosen on the request "
                          "form: required for an account escalation, optional for a case "
                          "escalation.")
REQUESTER = Lane("Requester", "the person who requested the escalation")
AGENT = Lane("Agent", "the case's assigned agent, else the members of the case's assignment "
             "group (nobody on an account escalation)")
LANES: tuple[Lane, ...] = (APPROVERS, APPROVAL_GROUP, GROUP_MANAGER, ESCALATION_MANAGER,
                           REQUESTER, AGENT)
LANE_NAMES = tuple(lane.name for lane in LANES)
APPROVAL_LANES = tuple(lane.name for lane in LANES if lane.approval)

VARIABLES: tuple[Variable, ...] = (
    Variable("escalation", "`number`, `source_type` (`case` or `account`), `severity` (its "
             "name), `reason`, `request_source`, `justification`, `requested_by` (a username)"),
    Variable("case", "`number`, `short_description`, `priority` (1 to 4), `assignment_group` (a "
             "group name or `None`), `assigned_to` (a username or `None`). **`None` for an "
             "account escalation.**"),
    Variable("account", "`number`, `name`, `tier`"),
    Variable("template", "`name`, `type`, `skip_approval`"),
    Variable("sla_duration", "the severity's response time as ISO 8601 text, for example `PT4H`"),
    Variable("approval_required", "`True` unless the template skips approval or there is nobody "
             "to approve (no members in the approval group, and no case group manager added)"),
)
VARIABLE_NAMES = tuple(v.name for v in VARIABLES)
