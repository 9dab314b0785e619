"""The product's roles and which role contains which (containment is transitive)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache


class Role(StrEnum):
    """A role a user may hold."""

    ESCALATION_REQUESTER = "escalation_requester"
    DEESCALATION_REQUESTER = "deescalation_requester"
    AGENT = "agent"
    ESCALATION_MANAGER = "escalation_manager"
    APPROVER = "approver"
    MANAGER = "manager"
    ESCALATION_ADMIN = "escalation_admin"
    ADMIN = "admin"


CONTAINS: dict[Role, frozenset[Role]] = {
    Role.ESCALATION_REQUESTER: frozenset(),
    Role.DEESCALATION_REQUESTER: frozenset({Role.ESCALATION_REQUESTER}),
    Role.AGENT: frozenset({Role.DEESCALATION_REQUESTER}),
    Role.ESCALATION_MANAGER: frozenset({Role.AGENT}),
    Role.APPROVER: frozenset(),
    Role.MANAGER: frozenset({Role.AGENT, Role.APPROVER}),
    Role.ESCALATION_ADMIN: frozenset({Role.DEESCALATION_REQUESTER}),
    Role.ADMIN: frozenset(Role) - {Role.ADMIN},
}

DESCRIPTIONS: dict[Role, str] = {
    Role.ESCALATION_REQUESTER: "Request an escalation of a case or an account",
    Role.DEESCALATION_REQUESTER: "De-escalate (close) an escalation",
    Role.AGENT: "Work cases and manage case escalations",
    Role.ESCALATION_MANAGER: "Manage account escalations and link cases",
    Role.APPROVER: "Act on approval tasks routed to them",
    Role.MANAGER: "Customer-service manager: dashboard and reports",
    Role.ESCALATION_ADMIN: "Edit escalation templates and severity definitions",
    Role.ADMIN: "Everything, users and groups too",
}


@cache
def effective_roles(held: frozenset[Role]) -> frozenset[Role]:
    """Return the roles held plus every role they contain, transitively."""
    result: set[Role] = set()
    pending = list(held)
    while pending:
        role = pending.pop()
        if role not in result:
            result.add(role)
            pending.extend(CONTAINS[role])
    return frozenset(result)
