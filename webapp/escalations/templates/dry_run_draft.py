"""A dry run's escalation: never stored; a step's effects are checked against it as they would be
against a stored one, and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from webapp.accounts.models import Account
from webapp.auth.models import Group, User
from webapp.cases.models import Case
from webapp.escalations import lanes
from webapp.escalations.states import EscalationState, Reason, RequestSource
from webapp.escalations.templates.dry_run_records import NotificationSent
from webapp.escalations.templates.models import EscalationTemplate
from webapp.notifications import service as notifications
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


class DraftTarget:
    """A draft escalation as the target of a step's effects: the same checks as a stored one
    (see `effects.apply`), but nothing is written; the draft moves only when the whole step's
    effects applied."""

    def __init__(self, draft: DraftEscalation) -> None:
        self.draft = replace(draft)
        self.notifications: list[NotificationSent] = []

    @property
    def state(self) -> str:
        return self.draft.state

    def parties(self) -> lanes.Parties:
        return lanes.parties(self.draft)

    def move(self, operation: str, target: EscalationState, args: dict[str, Any]) -> None:
        self.draft.state = target.value

    def set_severity(self, severity: Severity) -> None:
        self.draft.severity = severity

    def assign_group(self, group: Group, assigned_to: User | None) -> None:
        self.draft.assignment_group, self.draft.assigned_to = group, assigned_to

    def add_work_note(self, text: str) -> None:
        """Work notes change nothing a later step looks at."""

    def notify(self, to: str, people: list[User], subject: str, body: str) -> None:
        reached = notifications.reachable(people)
        self.notifications.append(
            NotificationSent(to, [p.username for p in reached], subject[:300]))
