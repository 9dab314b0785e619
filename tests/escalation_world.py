"""A small world of people, groups, templates and records for escalation tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from tests.builders import make_account, make_case, make_group, make_user
from webapp.auth.models import Group, User
from webapp.common.transactions import boundary
from webapp.demo.templates import publish_shipped
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.service import EscalationRequest
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import SourceType
from webapp.extensions import db
from webapp.severity.service import ensure_defaults

PEOPLE = {
    "admin": ["admin"], "pat": ["escalation_admin"], "alice": ["agent"], "carol": ["manager"],
    "bob": ["approver"], "dave": ["escalation_manager"], "erin": ["escalation_requester"],
    "frank": [],
}


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class World:
    """The people and records a test talks about."""

    users: dict[str, User]
    tier1: Group
    approvers: Group
    management: Group
    clock: Clock

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


STANDARD_CASE_XML = Path(__file__).resolve().parents[1] / "bpmn" / "standard_case_escalation.bpmn"
GROUPS = {"tier1": "Tier 1 Support", "approvers": "Escalation Approvers",
          "management": "Escalation Management"}


def build_world(app) -> World:
    """Demo-like people and groups, the default severities and the shipped templates, committed."""
    users = {name: make_user(username=name, roles=roles, password="demo",
                             full_name=name.title()) for name, roles in PEOPLE.items()}
    make_group(name=GROUPS["tier1"], members=[users["alice"]], manager=users["carol"])
    make_group(name=GROUPS["approvers"], members=[users["bob"]])
    make_group(name=GROUPS["management"], members=[users["dave"]], manager=users["carol"])
    ensure_defaults()
    publish_shipped()
    db.session.commit()
    return find_world(app)


def find_world(app) -> World:
    """The world `build_world` made in this database, with a new clock in the app config."""
    found = db.session.scalars(select(User).where(User.username.in_(PEOPLE)))
    by_username = {user.username: user for user in found}
    found = db.session.scalars(select(Group).where(Group.name.in_(GROUPS.values())))
    by_name = {group.name: group for group in found}
    users = {username: by_username[username] for username in PEOPLE}
    groups = {key: by_name[name] for key, name in GROUPS.items()}
    clock = Clock()
    app.config["CLOCK"] = clock
    return World(users=users, clock=clock, **groups)


def case_in(world: World, **overrides):
    """A case of Tier 1 Support."""
    return make_case(assignment_group=world.tier1, **overrides)


def account_with_team(world: World):
    """An account whose team is alice."""
    return make_account(name="Northwind", team=[world.alice])


def request_form(**overrides) -> EscalationRequest:
    """A valid request; override any field."""
    values = {"severity": "High Severity", "reason": "lack_of_progress",
              "request_source": "customer", "justification": "Customer is losing orders."}
    values.update(overrides)
    return EscalationRequest(**values)


def escalate_case(world: World, *, actor: User | None = None, **form) -> Escalation:
    """Request an escalation of a new Tier 1 case (alice asks, unless `actor` does), committed."""
    with boundary():
        return service.request_escalation(source=case_in(world), form=request_form(**form),
                                          actor=actor or world.alice)


def publish_with_escalate_script(world: World, script: str, *, name: str = "Broken") -> str:
    """Publish the standard case template with `script` in place of its Escalate script."""
    xml = STANDARD_CASE_XML.read_text().replace("<bpmn:script>escalate()",
                                                f"<bpmn:script>{script}", 1)
    templates.publish(xml=xml, name=name, source_type=SourceType.CASE,
                      approval_group=world.approvers)
    db.session.commit()
    return name
