"""Builders for test records: `make_case(**overrides)` and friends, each committed."""

from __future__ import annotations

from itertools import count
from typing import Any

from webapp.accounts import service as accounts
from webapp.accounts.models import Account, Tier
from webapp.auth import service as users
from webapp.auth.models import Group, User
from webapp.auth.roles import Role
from webapp.cases import service as cases
from webapp.cases.models import Case
from webapp.common.numbering import next_number
from webapp.escalations.models import Escalation
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import SourceType
from webapp.extensions import db
from webapp.severity import service as severities

_serial = count(1)


def make_user(*, username: str | None = None, roles=(), password: str = "secret",
              active: bool = True, full_name: str | None = None) -> User:
    """Return the user called `username`, creating it with `roles` when missing."""
    username = username or f"user{next(_serial)}"
    user = users.get_by_username(username)
    if user is None:
        user = users.create_user(username=username, full_name=full_name or username.title(),
                                 password=password, roles=[Role(r) for r in roles])
        user.active = active
        db.session.commit()
    return user


def make_group(*, name: str | None = None, members=(), manager: User | None = None) -> Group:
    """Create an assignment group."""
    group = Group(name=name or f"Group {next(_serial)}", members=list(members), manager=manager)
    db.session.add(group)
    db.session.commit()
    return group


def make_account(*, name: str | None = None, tier: Tier = Tier.GOLD, team=()) -> Account:
    """Create an account with one contact."""
    account = accounts.build(name=name or f"Account {next(_serial)}", tier=tier, team=list(team))
    accounts.add_contact(account=account, name="Jo Contact", email="jo@example.com")
    db.session.commit()
    return account


def make_case(**overrides: Any) -> Case:
    """Create a case; any field may be overridden."""
    fields: dict[str, Any] = {"short_description": f"Problem {next(_serial)}"}
    fields.update(overrides)
    if "account" not in fields:
        fields["account"] = make_account()
    case = cases.create(**fields)
    db.session.commit()
    return case


def make_escalation(*, source: Case | Account, severity: str = "High Severity",
                    **overrides: Any) -> Escalation:
    """Create an escalation row of `source` (escalated unless `state` says otherwise) without
    starting its process: for reading pages and lists. Needs the world's templates and
    severities; any field may be overridden, such as `sla_due_at`."""
    source_type = SourceType.CASE if isinstance(source, Case) else SourceType.ACCOUNT
    template = templates.choose(name=None, source_type=source_type)
    fields: dict[str, Any] = {
        "state": "escalated", "request_source": "customer", "reason": "inactivity",
        "justification": f"Reason {next(_serial)}", "template": template,
        "template_version": template.latest_version,
        "severity": severities.get_active_by_name_or_raise(severity)}
    fields.update(overrides)
    escalation = Escalation(
        number=next_number("ESC"), source_type=source_type.value,
        case=source if isinstance(source, Case) else None,
        account=source.account if isinstance(source, Case) else source, **fields)
    db.session.add(escalation)
    db.session.commit()
    return escalation
