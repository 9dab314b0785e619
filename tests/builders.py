"""Builders for test records: `make_case(**overrides)` and friends, each committed."""

from __future__ import annotations

from datetime import datetime
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
from webapp.escalations.process.models import HumanTask, WorkflowInstance
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


def make_escalation(*, source: Case | Account | None = None, **overrides: Any) -> Escalation:
    """An escalation as it stands at some point of its life, written directly, without running
    its process: for what only reads escalations (lists, pages, the dashboard). Needs the default
    severities and a published template of its type; any field may be overridden (`severity`
    by name too). Of `source` (a case or an account) it is escalated unless `state` says
    otherwise; without one, it is a new case's, requested."""
    if source is not None:
        overrides.setdefault("state", "escalated")
        overrides["case" if isinstance(source, Case) else "account"] = source
    fields: dict[str, Any] = {"request_source": "customer", "reason": "inactivity",
                              "justification": "Customer is waiting.", "state": "requested",
                              "severity": "High Severity"}
    fields.update(overrides)
    if "case" not in fields and "account" not in fields:
        fields["case"] = make_case()
    case = fields.get("case")
    source_type = SourceType.CASE if case is not None else SourceType.ACCOUNT
    fields.setdefault("account", case.account if case is not None else None)
    if isinstance(fields["severity"], str):
        fields["severity"] = severities.get_by_name(fields["severity"])
    template = fields.setdefault("template", templates.choose(name=None, source_type=source_type))
    fields.setdefault("template_version", template.latest_version)
    escalation = Escalation(number=next_number("ESC"), source_type=source_type.value, **fields)
    db.session.add(escalation)
    db.session.commit()
    return escalation


def make_open_task(escalation: Escalation, *, created_at: datetime, candidates=(),
                   name: str = "Approve escalation") -> HumanTask:
    """An open approval task of the escalation's process, written directly."""
    instance = db.session.query(WorkflowInstance).filter_by(escalation_id=escalation.id).first()
    if instance is None:
        instance = WorkflowInstance(escalation_id=escalation.id, state="{}", serializer_version="",
                                    template_version_id=escalation.template_version_id)
    task = HumanTask(instance=instance, task_id=f"task-{next(_serial)}", element_id="Approve",
                     name=name, lane="Approvers", created_at=created_at,
                     candidates=list(candidates),
                     form=[{"id": "decision", "label": "Decision", "type": "enum",
                            "options": [{"id": "approve", "name": "Approve"},
                                        {"id": "reject", "name": "Reject"}],
                            "required": True}])
    db.session.add(task)
    db.session.commit()
    return task
