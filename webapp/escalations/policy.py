"""Who may do what with an escalation, by role and by assignment, in one place."""

from __future__ import annotations

from webapp.auth.models import User
from webapp.auth.roles import Role
from webapp.errors import PermissionDenied
from webapp.escalations.models import Escalation


def may_request(user: User) -> bool:
    """Escalation requesters may ask for an escalation."""
    return user.has_role(Role.ESCALATION_REQUESTER)


def may_de_escalate(user: User, escalation: Escalation) -> bool:
    """A de-escalation requester may de-escalate an escalation he may manage (an account
    escalation: its escalation manager or group) or one he requested himself; the role alone
    (an escalation admin holds it) is not enough."""
    if not user.has_role(Role.DEESCALATION_REQUESTER):
        return False
    return may_manage(user, escalation) or escalation.requested_by_id == user.id


def may_manage(user: User, escalation: Escalation) -> bool:
    """Agents manage case escalations; account escalations belong to their escalation manager."""
    if user.has_role(Role.ADMIN):
        return True
    if escalation.source_type == "case":
        return user.has_role(Role.AGENT)
    if not user.has_role(Role.ESCALATION_MANAGER):
        return False
    group = escalation.assignment_group
    return escalation.assigned_to_id == user.id or (group is not None and user in group.members)


def ensure(allowed: bool, action: str) -> None:
    """Raise PermissionDenied naming the action unless `allowed`."""
    if not allowed:
        raise PermissionDenied(f"You may not {action}.")
