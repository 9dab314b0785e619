"""Load the demo data; running it again changes nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select

from webapp.accounts import service as accounts
from webapp.accounts.models import Account
from webapp.auth import service as users
from webapp.auth.models import Group, User
from webapp.cases import service as cases
from webapp.cases.models import Case, CaseState
from webapp.common.time import utcnow
from webapp.demo import data
from webapp.demo import templates as shipped_templates
from webapp.demo.escalations import seed_escalations
from webapp.escalations.models import Escalation
from webapp.extensions import db
from webapp.journal import service as journal
from webapp.journal.models import EntryKind
from webapp.severity import service as severities

DEMO_PASSWORD = "demo"
CASE_COUNT = 200
STATE_WEIGHTS = {CaseState.NEW: 25, CaseState.OPEN: 35, CaseState.AWAITING_INFO: 15,
                 CaseState.RESOLVED: 15, CaseState.CLOSED: 8, CaseState.CANCELLED: 2}


def seed_demo() -> dict[str, int]:
    """Create whatever demo data is missing (the caller commits); return what was added."""
    users.ensure_roles()
    added = {"users": _seed_users(), "groups": _seed_groups()}
    added["accounts"] = _seed_accounts()
    added["severities"] = severities.ensure_defaults()
    added["templates"] = shipped_templates.publish_shipped()
    added["cases"] = _seed_cases() if not db.session.scalar(select(func.count(Case.id))) else 0
    db.session.flush()
    added["escalations"] = (seed_escalations() if not db.session.scalar(
        select(func.count(Escalation.id))) else 0)
    return added


def _seed_users() -> int:
    added = 0
    for username, full_name, roles in data.USERS:
        if users.get_by_username(username) is None:
            users.create_user(username=username, full_name=full_name, password=DEMO_PASSWORD,
                              roles=roles, email=f"{username}@example.com")
            added += 1
    db.session.flush()
    return added


def _seed_groups() -> int:
    added = 0
    existing = {g.name for g in users.list_groups()}
    for name, description, manager, members in data.GROUPS:
        if name in existing:
            continue
        group = Group(name=name, description=description,
                      manager=users.get_by_username(manager) if manager else None,
                      members=[users.get_by_username(m) for m in members])
        db.session.add(group)
        added += 1
    db.session.flush()
    return added


def _seed_accounts() -> int:
    rng = random.Random(7)
    existing = set(db.session.scalars(select(Account.name)))
    team_pool = [users.get_by_username(u) for u in ("alice", "grace", "henry", "dave", "carol")]
    added = 0
    for index, (name, tier) in enumerate(data.ACCOUNTS):
        if name in existing:
            continue
        account = accounts.build(name=name, tier=accounts.Tier(tier),
                                 team=rng.sample(team_pool, k=2))
        for n in range(2 + index % 2):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            domain = name.lower().replace("'", "").split()[0] + ".example"
            accounts.add_contact(account=account, name=f"{first} {last}",
                                 title=data.TITLES[(index + n) % len(data.TITLES)],
                                 email=f"{first.lower()}.{last.lower()}@{domain}",
                                 phone=f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}")
        added += 1
    db.session.flush()
    return added


def _seed_cases() -> int:
    rng = random.Random(42)
    groups = {g.name: g for g in users.list_groups()}
    tier1, tier2 = groups["Tier 1 Support"], groups["Tier 2 Support"]
    all_accounts = list(db.session.scalars(select(Account).order_by(Account.number)))
    now = utcnow()
    states, weights = zip(*STATE_WEIGHTS.items(), strict=True)
    opened = sorted(now - timedelta(minutes=rng.randint(30, 60 * 24 * 45))
                     for _ in range(CASE_COUNT))
    for opened_at in opened:
        account = rng.choice(all_accounts)
        title, description = rng.choice(data.PROBLEMS)
        group = tier1 if rng.random() < 0.8 else tier2
        assignee = rng.choice([*group.members, None])
        case = cases.build(account=account, short_description=title, description=description,
                           priority=rng.choices([1, 2, 3, 4], weights=[1, 3, 5, 3])[0],
                           state=rng.choices(states, weights=weights)[0].value,
                           contact=rng.choice(account.contacts), assignment_group=group,
                           assigned_to=assignee, opened_at=opened_at, updated_at=opened_at)
        if rng.random() < 0.3 and assignee is not None:
            entry = journal.add_entry(record_type="case", record_id=case.id, author=assignee,
                                      text=rng.choice(data.NOTES), kind=EntryKind.WORK_NOTE)
            entry.created_at = opened_at + timedelta(minutes=rng.randint(5, 120))
    return CASE_COUNT


def demo_logins() -> list[tuple[str, str]]:
    """The demo usernames with a line on what each may do."""
    roles = {username: roles for username, _, roles in data.USERS}
    return [(u.username, ", ".join(r.value for r in roles.get(u.username, [])) or "read only")
            for u in db.session.scalars(select(User).order_by(User.id))]
