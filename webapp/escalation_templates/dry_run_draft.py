"""A dry run's escalation: never stored, with recording fakes of the operations (same names,
same arguments, same transition table, nothing written)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from webapp.accounts.models import Account
from webapp.auth.models import Group, User
from webapp.cases.models import Case
from webapp.escalation_templates.dry_run_records import DryRun, NotificationSent, OperationCall
from webapp.escalation_templates.models import EscalationTemplate
from webapp.escalations import activity, lanes
from webapp.escalations.operations import MOVES, recipients_for
from webapp.escalations.states import EscalationState, Reason, RequestSource, check_transition
from webapp.severity import service as severities
from webapp.severity.models import Severity

DRY_RUN = "Dry run"


@dataclass
class DraftTemplate:
    """Template settings as the dry run uses them: a new template's, or a saved one's edited."""

    name: str
    type: str
    skip_approval: bool = False
    add_group_manager: bool = False
    approval_group: Group | None = None
    watch_list: list[User] = field(default_factory=list)

    @classmethod
    def of(cls, template: EscalationTemplate, **changes: Any) -> DraftTemplate:
        """A saved template's settings with `changes` (say, skip_approval) applied in memory."""
        settings = cls(name=template.name, type=template.type,
                       skip_approval=template.skip_approval,
                       add_group_manager=template.add_group_manager,
                       approval_group=template.approval_group,
                       watch_list=list(template.watch_list))
        return replace(settings, **changes)


@dataclass
class DraftEscalation:
    """An escalation that is never stored, with the attributes variables and lanes read."""

    source_type: str
    case: Case | None
    account: Account
    severity: Severity
    template: DraftTemplate
    requested_by: User
    assignment_group: Group | None = None
    assigned_to: User | None = None
    watch_list: list[User] = field(default_factory=list)
    number: str = "DRY-RUN"
    reason: str = Reason.LACK_OF_PROGRESS.value
    request_source: str = RequestSource.INTERNAL.value
    justification: str = DRY_RUN
    state: str = EscalationState.REQUESTED.value


class Recorder:
    """Binds the fake operations to one draft escalation and records each call in a report."""

    def __init__(self, draft: DraftEscalation, report: DryRun) -> None:
        self.draft = draft
        self.report = report

    def operations(self) -> dict[str, Callable[..., Any]]:
        """The fakes, by operation name (the same names as the real operations)."""
        def escalate() -> None:
            self._move("escalate", {})

        def decline(reason: str = "") -> None:
            self._move("decline", {"reason": str(reason or "")})

        def request_de_escalation() -> None:
            self._move("request_de_escalation", {})

        def reject_de_escalation(reason: str = "") -> None:
            self._move("reject_de_escalation", {"reason": str(reason or "")})

        def close() -> None:
            self._move("close", {})

        return {"escalate": escalate, "decline": decline,
                "request_de_escalation": request_de_escalation,
                "reject_de_escalation": reject_de_escalation, "close": close,
                "set_severity": self._set_severity, "add_work_note": self._add_work_note,
                "notify": self._notify}

    def _record(self, name: str, args: dict[str, Any]) -> None:
        self.report.operations.append(OperationCall(name, args))

    def _move(self, name: str, args: dict[str, Any]) -> None:
        target = MOVES[name]
        check_transition(self.draft.state, target)
        self.draft.state = target.value
        self._record(name, args)

    def _set_severity(self, name: str) -> None:
        self.draft.severity = severities.get_active_by_name_or_raise(str(name))
        self._record("set_severity", {"name": str(name)})

    def _add_work_note(self, text: str) -> None:
        self._record("add_work_note", {"text": str(text)})

    def _notify(self, to: str, subject: str, body: str = "") -> int:
        people = activity.reachable(recipients_for(lanes.parties(self.draft), str(to)))
        self._record("notify", {"to": str(to), "subject": str(subject), "body": str(body)})
        self.report.notifications.append(
            NotificationSent(str(to), [p.username for p in people], str(subject)[:300]))
        return len(people)
