"""Escalation use cases: request, manage, de-escalate. Each public function is one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from webapp.accounts.models import Account
from webapp.auth import service as users
from webapp.auth.models import Group, User
from webapp.auth.roles import Role
from webapp.cases.models import Case
from webapp.common.numbering import next_number
from webapp.common.transactions import conflicts
from webapp.errors import InvalidTransition, NotFound, ValidationFailed
from webapp.escalations import activity, lanes, policy, variables
from webapp.escalations.contract import DE_ESCALATE
from webapp.escalations.models import Escalation
from webapp.escalations.process import runner
from webapp.escalations.states import EscalationState, Reason, RequestSource
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import SourceType
from webapp.extensions import db
from webapp.severity import service as severities
from workflows import DeliverMessage

MAX_TEXT = 5_000
ALREADY_ACTIVE = ("{} already has an active escalation ({}); it can be escalated again once "
                  "that one is final.")


@dataclass
class EscalationRequest:
    """What the Escalate Case / Escalate Account form (or the API) submits."""

    severity: str = ""
    reason: str = ""
    request_source: str = ""
    justification: str = ""
    template: str = ""
    watch_list: list[str] = field(default_factory=list)
    add_account_team: bool = False
    assignment_group: str = ""
    assigned_to: str = ""


def get_by_number_or_raise(number: str) -> Escalation:
    """The escalation with that number, or NotFound."""
    escalation = db.session.scalar(
        select(Escalation).where(Escalation.number == number.strip().upper()))
    if escalation is None:
        raise NotFound(f"There is no escalation {number}.")
    return escalation


def _choice(value: str, allowed: type, field_name: str, errors: dict[str, str]) -> str:
    if value not in {member.value for member in allowed}:
        errors[field_name] = "Choose one of: " + ", ".join(m.value for m in allowed) + "."
    return value


def _users(usernames: list[str], errors: dict[str, str]) -> list[User]:
    found, unknown = users.find_users(usernames)
    if unknown:
        errors["watch_list"] = "Unknown users: " + ", ".join(unknown) + "."
    return found


def _assignment(form: EscalationRequest, errors: dict) -> tuple[Group | None, User | None]:
    group = user = None
    if form.assignment_group:
        group = lanes.group_by_name(form.assignment_group)
        if group is None:
            errors["assignment_group"] = f"There is no group {form.assignment_group!r}."
    if form.assigned_to:
        user = users.get_by_username(form.assigned_to)
        if user is None:
            errors["assigned_to"] = f"There is no user {form.assigned_to!r}."
        elif not user.has_role(Role.ESCALATION_MANAGER):
            errors["assigned_to"] = f"{user.full_name} is not an escalation manager."
    return group, user


def _validate(form: EscalationRequest, source_type: SourceType, errors: dict[str, str]):
    _choice(form.reason, Reason, "reason", errors)
    _choice(form.request_source, RequestSource, "request_source", errors)
    if not form.justification.strip():
        errors["justification"] = "Say why this needs escalating."
    elif len(form.justification.strip()) > MAX_TEXT:
        errors["justification"] = f"Keep it under {MAX_TEXT:,} characters."
    severity = template = None
    try:
        severity = severities.get_active_by_name_or_raise(form.severity)
    except ValidationFailed as error:
        errors.update(error.fields)
    try:
        template = templates.choose(name=form.template or None, source_type=source_type)
    except ValidationFailed as error:
        errors.update(error.fields)
    return severity, template


def request_escalation(*, source: Case | Account, form: EscalationRequest,
                       actor: User) -> Escalation:
    """Create an escalation in state requested and start its template's process."""
    policy.ensure(policy.may_request(actor), "request escalations")
    source_type = SourceType.CASE if isinstance(source, Case) else SourceType.ACCOUNT
    if isinstance(source, Case) and not source.state_enum.is_open:
        raise InvalidTransition(f"{source.number} is {source.state_enum.label.lower()}; only "
                                "open cases can be escalated.")
    if source.active_escalation is not None:
        raise InvalidTransition(ALREADY_ACTIVE.format(source.number,
                                                      source.active_escalation.number))
    errors: dict[str, str] = {}
    severity, template = _validate(form, source_type, errors)
    watchers = _users(form.watch_list, errors)
    group, assignee = _assignment(form, errors)
    if source_type is SourceType.ACCOUNT and group is None and assignee is None:
        errors.setdefault("assignment_group", "Choose the group or the escalation manager.")
    if errors:
        raise ValidationFailed("The escalation was not requested: fix the fields marked.",
                               fields=errors)
    if isinstance(source, Account) and form.add_account_team:
        watchers += source.team
    escalation = Escalation(
        number=next_number("ESC"), source_type=source_type.value,
        case=source if isinstance(source, Case) else None,
        account=source.account if isinstance(source, Case) else source,
        request_source=form.request_source, reason=form.reason, severity=severity,
        template=template, template_version=template.latest_version,
        justification=form.justification.strip(), requested_by=actor,
        assignment_group=group, assigned_to=assignee,
        watch_list=list({u.id: u for u in [*template.watch_list, *watchers]}.values()))
    with conflicts(ALREADY_ACTIVE.format(source.number, "requested at the same time")):
        db.session.add(escalation)
        db.session.flush()
        activity.audit_change(escalation, action="requested", actor=actor, before={},
                              after={"state": "requested", "severity": severity.name})
        activity.note(escalation, f"Escalation {escalation.number} requested "
                      f"({severity.name}): {escalation.justification}", author=actor)
        runner.start(escalation=escalation, variables=variables.build(escalation), actor=actor)
        db.session.flush()
    return escalation


def de_escalate(*, escalation: Escalation, justification: str, actor: User) -> Escalation:
    """Ask the process to de-escalate; it closes at once or waits for approval."""
    policy.ensure(policy.may_de_escalate(actor, escalation), f"de-escalate {escalation.number}")
    if not (justification or "").strip():
        raise ValidationFailed("Give a justification for the de-escalation.",
                               fields={"justification": "Say why the escalation can close."})
    if len(justification.strip()) > MAX_TEXT:
        raise ValidationFailed("The justification is too long.", fields={
            "justification": f"Keep it under {MAX_TEXT:,} characters."})
    row = runner.lock(escalation)
    if escalation.state != EscalationState.ESCALATED.value:
        raise InvalidTransition(
            f"{escalation.number} is {escalation.state_enum.label.lower()}; only an escalated "
            "escalation can be de-escalated.")
    escalation.de_escalation_justification = justification.strip()
    escalation.de_escalated_by = actor
    payload = {"justification": justification.strip(), "by": actor.username}
    with conflicts():
        runner.advance(row=row, escalation=escalation, actor=actor,
                       event=DeliverMessage(DE_ESCALATE.name, payload))
        db.session.flush()
    return escalation
