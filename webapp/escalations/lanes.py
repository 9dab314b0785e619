"""Who a lane of an escalation's process means (the lane names are the template contract's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from webapp.auth.models import Group, User
from webapp.cases.models import Case
from webapp.escalations import contract
from webapp.escalations.models import Escalation
from webapp.extensions import db

APPROVERS = contract.APPROVERS.name
APPROVAL_GROUP = contract.APPROVAL_GROUP.name
GROUP_MANAGER = contract.GROUP_MANAGER.name
ESCALATION_MANAGER = contract.ESCALATION_MANAGER.name
REQUESTER = contract.REQUESTER.name
AGENT = contract.AGENT.name
BUILT_IN = contract.LANE_NAMES


@dataclass(frozen=True)
class Parties:
    """Everything lanes look at: the template's approval settings and one escalation's people.

    Plain values, so a stored escalation and a dry run of a draft resolve lanes alike.
    """

    approval_group: Group | None = None
    add_group_manager: bool = False
    case: Case | None = None
    requested_by: User | None = None
    assignment_group: Group | None = None
    assigned_to: User | None = None
    watch_list: tuple[User, ...] = ()


def parties(escalation: Escalation | Any) -> Parties:
    """The parties of an escalation (or of any object with an escalation's attributes)."""
    template = escalation.template
    return Parties(approval_group=template.approval_group,
                   add_group_manager=template.add_group_manager, case=escalation.case,
                   requested_by=escalation.requested_by,
                   assignment_group=escalation.assignment_group,
                   assigned_to=escalation.assigned_to, watch_list=tuple(escalation.watch_list))


def _members(group: Group | None) -> list[User]:
    return [u for u in group.members if u.active] if group is not None else []


def _one(user: User | None) -> list[User]:
    return [user] if user is not None and user.active else []


def _names(group: Group | None) -> list[str]:
    return [group.name] if group is not None else []


def group_by_name(name: str) -> Group | None:
    """The assignment group called `name`, or None."""
    return db.session.scalar(select(Group).where(Group.name == name))


def approvers(escalation: Escalation) -> list[User]:
    """The approvers of a stored escalation."""
    return approvers_for(parties(escalation))


def resolve(lane: str | None, escalation: Escalation) -> tuple[list[User], list[str]]:
    """The users a lane means for a stored escalation, and the group names it came from."""
    return resolve_for(lane, parties(escalation))


def approvers_for(who: Parties) -> list[User]:
    """The template's approval group, plus the case group's manager when the template says so."""
    people = _members(who.approval_group)
    case = who.case
    if who.add_group_manager and case is not None and case.assignment_group:
        people += _one(case.assignment_group.manager)
    return _unique(people)


def resolve_for(lane: str | None, who: Parties) -> tuple[list[User], list[str]]:
    """The users a lane means for these parties, and the group names it came from."""
    case = who.case
    if lane == APPROVERS:
        return approvers_for(who), _names(who.approval_group)
    if lane == APPROVAL_GROUP:
        return _members(who.approval_group), _names(who.approval_group)
    if lane == GROUP_MANAGER:
        group = case.assignment_group if case is not None else None
        return _one(group.manager if group else None), []
    if lane == ESCALATION_MANAGER:
        if who.assigned_to is not None:
            return _one(who.assigned_to), []
        return _members(who.assignment_group), _names(who.assignment_group)
    if lane == REQUESTER:
        return _one(who.requested_by), []
    if lane == AGENT and case is not None:
        if case.assigned_to is not None:
            return _one(case.assigned_to), []
        return _members(case.assignment_group), _names(case.assignment_group)
    group = group_by_name(lane or "")
    return _members(group), _names(group)


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
