"""How fast the dashboard's JSON answers with 200, 2,000 and 20,000 escalations.

Run: .venv/bin/python bench/dashboard.py [--sizes 200,2000,20000] [--database-url URL]
Builds a fresh database (SQLite in a temporary folder unless --database-url is given; on
PostgreSQL a schema of its own, dropped afterwards), loads escalations in bulk (one case each,
spread over twenty weeks, a twentieth still waiting for a decision), and requests
/dashboard/data.json through the Flask test client as a manager, unscoped and by group and
account, printing the median time of each and how many SQL statements one request ran.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, select  # noqa: E402

from bench.setup import migrated_app  # noqa: E402
from tests.builders import make_account, make_group, make_user  # noqa: E402
from webapp.cases.models import Case  # noqa: E402
from webapp.common.numbering import NumberSequence, format_number  # noqa: E402
from webapp.common.time import utcnow  # noqa: E402
from webapp.demo.templates import publish_shipped  # noqa: E402
from webapp.escalations.models import Escalation  # noqa: E402
from webapp.escalations.process.models import HumanTask, WorkflowInstance  # noqa: E402
from webapp.escalations.templates.models import EscalationTemplate  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.severity.models import Severity  # noqa: E402
from webapp.severity.service import ensure_defaults  # noqa: E402

URLS = {"all": "/dashboard/data.json", "by group": "/dashboard/data.json?group={group}",
        "by account": "/dashboard/data.json?account={account}"}
STATES = ["closed"] * 12 + ["declined"] * 2 + ["escalated"] * 4 + ["requested"]
REASONS = ["inactivity", "lack_of_progress", "customer_imposed_deadline"]


def prepare() -> dict:
    """A manager, groups, accounts, the severities and the shipped templates."""
    bench = make_user(username="bench", roles=["manager"], password="bench")
    groups = [make_group(name=name, members=[bench]) for name in (
        "Escalation Approvers", "Escalation Management", "Tier 1", "Tier 2")]
    accounts = [make_account(name=f"Account {n}") for n in range(100)]
    ensure_defaults()
    publish_shipped()
    db.session.commit()
    template = db.session.scalars(select(EscalationTemplate).where(
        EscalationTemplate.type == "case")).first()
    return {"groups": [g.id for g in groups[2:]], "accounts": [a.id for a in accounts],
            "severities": list(db.session.scalars(select(Severity.id))),
            "template": template.id, "version": template.latest_version.id}


def _escalation(n: int, case_id: int, account_id: int, rng: random.Random, world: dict) -> dict:
    now = utcnow()
    opened = now - timedelta(minutes=rng.randint(10, 60 * 24 * 140))
    state = rng.choice(STATES)
    escalated = opened + timedelta(minutes=rng.randint(0, 600)) if state in (
        "closed", "escalated") else None
    due = escalated + timedelta(hours=4) if escalated else None
    return {"number": format_number("ESC", n), "source_type": "case", "case_id": case_id,
            "account_id": account_id, "state": state, "request_source": "customer",
            "reason": rng.choice(REASONS), "severity_id": rng.choice(world["severities"]),
            "template_id": world["template"], "template_version_id": world["version"],
            "justification": "", "opened_at": opened, "escalated_at": escalated,
            "closed_at": (escalated or opened) + timedelta(hours=rng.randint(1, 300))
            if state in ("closed", "declined") else None,
            "sla_due_at": due if state == "escalated" else None,
            "sla_breached_at": due if state == "escalated" and due < now else None}


def load(first: int, last: int, world: dict) -> None:
    """Insert escalations first..last (one case each) and an open task for each requested one."""
    rng, now = random.Random(first), utcnow()
    cases = [{"number": format_number("CS", n), "account_id": rng.choice(world["accounts"]),
              "short_description": f"Problem {n}", "description": "", "priority": 2,
              "state": "open", "assignment_group_id": rng.choice(world["groups"]),
              "opened_at": now - timedelta(days=150), "updated_at": now}
             for n in range(first, last + 1)]
    db.session.execute(insert(Case), cases)
    found = db.session.execute(select(Case.id, Case.account_id).where(
        Case.number >= format_number("CS", first), Case.number <= format_number("CS", last)))
    rows = [_escalation(first + i, case_id, account_id, rng, world)
            for i, (case_id, account_id) in enumerate(found)]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Escalation), rows[start:start + 5000])
    waiting = db.session.execute(select(Escalation.id, Escalation.opened_at).where(
        Escalation.state == "requested", Escalation.number >= format_number("ESC", first)))
    for escalation_id, opened in waiting:
        instance = WorkflowInstance(escalation_id=escalation_id, state="{}",
                                    serializer_version="", template_version_id=world["version"])
        db.session.add(HumanTask(instance=instance, task_id=f"t{escalation_id}", element_id="A",
                                 name="Approve escalation", created_at=opened))
    for prefix in ("CS", "ESC"):
        db.session.get(NumberSequence, prefix).last_value = last
    db.session.commit()


def measure(client, url: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds of `repeat` GETs of `url`, and the statements one of them ran."""
    timings, statements = [], []
    listener = lambda *args: statements.append(1)  # noqa: E731
    for _ in range(repeat):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", listener)
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
    return statistics.median(timings), len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument("--database-url", help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with migrated_app(args.database_url) as (backend, app):
        world, loaded = prepare(), 0
        client = app.test_client()
        client.post("/login", data={"username": "bench", "password": "bench"})
        ids = {"group": world["groups"][0], "account": world["accounts"][0]}
        print(f"{backend}: {'escalations':>11} {'request':<11} {'median ms':>10} "
              f"{'statements':>10}")
        for size in (int(size) for size in args.sizes.split(",")):
            load(loaded + 1, size, world)
            loaded = size
            for name, url in URLS.items():
                ms, statements = measure(client, url.format(**ids), args.repeat)
                print(f"{backend}: {size:>11,} {name:<11} {ms:>10.1f} {statements:>10}")


if __name__ == "__main__":
    main()
