"""Who a lane of an escalation's process means: the template contract's lane names."""

from __future__ import annotations

from sqlalchemy import select

from webapp.auth.models import Group, User
from webapp.escalations.models import Escalation
from webapp.extensions import db

APPROVERS = "Approvers"
APPROVAL_GROUP = "Approval group"
GROUP_MANAGER = "Group manager"
ESCALATION_MANAGER = "Escalation manager"
REQUESTER = "Requester"
AGENT = "Agent"
BUILT_IN = (APPROVERS, APPROVAL_GROUP, GROUP_MANAGER, ESCALATION_MANAGER, REQUESTER, AGENT)


def _members(group: Group | None) -> list[User]:
    return [u for u in group.members if u.active] if group is not None else []


def _one(user: User | None) -> list[User]:
    return [user] if user is not None and user.active else []


def group_by_name(name: str) -> Group | None:
    """The assignment group called `name`, or None."""
    return db.session.scalar(select(Group).where(Group.name == name))


def approvers(escalation: Escalation) -> list[User]:
    """The template's approval group, plus the case group's manager when the template says so."""
    people = _members(escalation.template.approval_group)
    case = escalation.case
    if escalation.template.add_group_manager and case is not None and case.assignment_group:
        people += _one(case.assignment_group.manager)
    return _unique(people)


def resolve(lane: str | None, escalation: Escalation) -> tuple[list[User], list[str]]:
    """The users a lane means for this escalation, and the group names it came from."""
    case = escalation.case
    if lane == APPROVERS:
        group = escalation.template.approval_group
        return approvers(escalation), [group.name] if group else []
    if lane == APPROVAL_GROUP:
        group = escalation.template.approval_group
        return _members(group), [group.name] if group else []
    if lane == GROUP_MANAGER:
        group = case.assignment_group if case is not None else None
        return _one(group.manager if group else None), []
    if lane == ESCALATION_MANAGER:
        if escalation.assigned_to is not None:
            return _one(escalation.assigned_to), []
        group = escalation.assignment_group
        return _members(group), [group.name] if group else []
    if lane == REQUESTER:
        return _one(escalation.requested_by), []
    if lane == AGENT and case is not None:
        if case.assigned_to is not None:
            return _one(case.assigned_to), []
        return _members(case.assignment_group), (
            [case.assignment_group.name] if case.assignment_group else [])
    group = group_by_name(lane or "")
    return _members(group), [group.name] if group else []


def lane_can_resolve(lane: str) -> bool:
    """Publish-time check: a built-in lane name, or a group that exists and has members."""
    if lane in BUILT_IN:
        return True
    group = group_by_name(lane)
    return bool(group and _members(group))


def _unique(people: list[User]) -> list[User]:
    seen: dict[int, User] = {}
    for person in people:
        seen.setdefault(person.id, person)
    return list(seen.values())
