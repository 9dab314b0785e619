"""Escalation states and the one table of legal moves between them."""

from __future__ import annotations

from enum import StrEnum

from webapp.errors import InvalidTransition


class EscalationState(StrEnum):
    """Where an escalation is in its life."""

    REQUESTED = "requested"
    ESCALATED = "escalated"
    DECLINED = "declined"
    DE_ESCALATION_REQUESTED = "de_escalation_requested"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STATES


S = EscalationState
ACTIVE_STATES = frozenset({S.REQUESTED, S.ESCALATED, S.DE_ESCALATION_REQUESTED})

TRANSITIONS: dict[EscalationState, frozenset[EscalationState]] = {
    S.REQUESTED: frozenset({S.ESCALATED, S.DECLINED}),
    S.ESCALATED: frozenset({S.DE_ESCALATION_REQUESTED, S.CLOSED}),
    S.DE_ESCALATION_REQUESTED: frozenset({S.CLOSED, S.ESCALATED}),
    S.DECLINED: frozenset(),
    S.CLOSED: frozenset(),
}


def check_transition(current: EscalationState | str, target: EscalationState) -> None:
    """Raise InvalidTransition unless `current` may move to `target`."""
    current = EscalationState(current)
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(
            f"An escalation that is {current.label.lower()} cannot become "
            f"{target.label.lower()}."
        )


class Trend(StrEnum):
    """How the customer's situation is developing."""

    IMPROVING = "improving"
    SAME = "same"
    DECLINING = "declining"


class Reason(StrEnum):
    """Why the escalation was requested."""

    INACTIVITY = "inactivity"
    LACK_OF_PROGRESS = "lack_of_progress"
    CUSTOMER_IMPOSED_DEADLINE = "customer_imposed_deadline"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class RequestSource(StrEnum):
    """Who asked for the escalation."""

    CUSTOMER = "customer"
    INTERNAL = "internal"


class ApprovalState(StrEnum):
    """Where one approver's approval stands."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
