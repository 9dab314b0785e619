"""How fast the case list answers with 100,000 cases.

Run: .venv/bin/python bench/case_list.py [--cases 100000] [--database-url URL]
Builds a fresh database (SQLite in a temporary folder unless --database-url is given; on
PostgreSQL a schema of its own, dropped afterwards), loads the cases in bulk, then requests list
pages through the Flask test client as a logged-in agent and prints the median time of each.
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

from sqlalchemy import insert, select  # noqa: E402

from bench.setup import migrated_app  # noqa: E402
from tests.builders import make_account, make_group, make_user  # noqa: E402
from webapp.cases.models import Case  # noqa: E402
from webapp.common.numbering import NumberSequence, format_number  # noqa: E402
from webapp.common.time import utcnow  # noqa: E402
from webapp.extensions import db  # noqa: E402

PAGES = {
    "newest first, page 1": "/cases/",
    "page 2000 (deep offset)": "/cases/?page=2000",
    "filter state + priority": "/cases/?state=open&priority=1",
    "filter group, sort by number": "/cases/?group={group}&sort=number",
    "filter account": "/cases/?account={account}",
    "search by number": "/cases/?q=CS0054321",
    "search in short description": "/cases/?q=printer",
    "sort by priority, last page": "/cases/?sort=priority&page=4000",
}


def load_cases(count: int) -> dict[str, int]:
    """Insert `count` cases in bulk; return ids used by the page URLs."""
    agent = make_user(username="bench", roles=["agent"], password="bench")
    groups = [make_group(name=f"Group {n}", members=[agent] if n == 0 else []) for n in range(5)]
    accounts = [make_account(name=f"Account {n}") for n in range(200)]
    rng, now = random.Random(1), utcnow()
    words = ["Printer", "Login", "Export", "Invoice", "Sync", "Search", "Webhook", "Billing"]
    rows = [{
        "number": format_number("CS", n), "account_id": rng.choice(accounts).id,
        "short_description": f"{rng.choice(words)} problem {n}", "description": "",
        "priority": rng.randint(1, 4),
        "state": rng.choice(["new", "open", "awaiting_info", "resolved", "closed"]),
        "assignment_group_id": rng.choice(groups).id, "opened_at": now - timedelta(minutes=n),
        "updated_at": now,
    } for n in range(1, count + 1)]
    for start in range(0, count, 5000):
        db.session.execute(insert(Case), rows[start:start + 5000])
    db.session.get(NumberSequence, "CS").last_value = count
    db.session.commit()
    return {"group": groups[0].id, "account": accounts[0].id}


def measure(client, url: str, repeat: int) -> float:
    """Median milliseconds of `repeat` GETs of `url`."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with migrated_app(args.database_url) as (backend, app):
        start = time.perf_counter()
        ids = load_cases(args.cases)
        print(f"{backend}: loaded {args.cases:,} cases in {time.perf_counter() - start:.1f} s")
        assert db.session.scalar(select(db.func.count(Case.id))) == args.cases
        client = app.test_client()
        client.post("/login", data={"username": "bench", "password": "bench"})
        print(f"{'page':<32} {'median ms':>10}")
        for name, url in PAGES.items():
            print(f"{name:<32} {measure(client, url.format(**ids), args.repeat):>10.1f}")


if __name__ == "__main__":
    main()
