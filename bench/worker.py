"""How fast one worker marks SLA breaches, and e-mails the outbox through a real SMTP
conversation.

Run: .venv/bin/python bench/worker.py [--breaches 10000] [--mails 10000] [--database-url URL]
Each half builds a fresh database (SQLite in a temporary folder unless --database-url is given;
on PostgreSQL a schema of its own, dropped afterwards). Breaches: escalated case escalations
past their due time are inserted in bulk, and one worker's SLA pass marks them in its usual
batches, each with its work notes, history entry and three notifications. Mail: the
notifications are queued in bulk, a local SMTP sink (aiosmtpd) is started and one worker sends
them in its usual batches. Each batch is one transaction; the rates are printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contextlib import contextmanager  # noqa: E402
from datetime import timedelta  # noqa: E402

from aiosmtpd.controller import Controller  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from tests.builders import make_account, make_user  # noqa: E402
from tests.databases import fresh_database  # noqa: E402
from tests.escalation_world import build_world  # noqa: E402
from tests.smtp import free_port  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.cases.models import Case  # noqa: E402
from webapp.common.time import utcnow  # noqa: E402
from webapp.common.transactions import boundary  # noqa: E402
from webapp.escalations.models import Escalation, escalation_watcher  # noqa: E402
from webapp.escalations.process import breaches  # noqa: E402
from webapp.escalations.process.models import WorkflowInstance  # noqa: E402
from webapp.escalations.templates import service as templates  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.notifications import mail  # noqa: E402
from webapp.notifications.models import Notification  # noqa: E402
from webapp.severity import service as severities  # noqa: E402

CHUNK = 5000


class Sink:
    """An SMTP handler that only counts (the tests' Inbox also parses each message, which would
    take the worker's time here)."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received += 1
        return "250 OK"


def queue(count: int) -> None:
    """Queue `count` notifications to one person with an address, in bulk."""
    person = make_user(username="reader", password="bench")
    person.email = "reader@example.com"
    db.session.commit()
    rows = [{"recipient_id": person.id, "kind": "bench", "subject": f"Message {n}",
             "body": "Something happened on ESC0000001.", "record_type": "escalation",
             "record_id": 1, "created_at": utcnow()} for n in range(count)]
    _insert(Notification, rows)
    db.session.commit()


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start:start + CHUNK])


@contextmanager
def app_on_fresh_database(backend: str, **config):
    """An app, in its context, on a fresh migrated database of `backend`."""
    with tempfile.TemporaryDirectory() as tmp, fresh_database(backend, Path(tmp)) as url:
        app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": url,
                          "INSTANCE_PATH": tmp, **config})
        with app.app_context():
            upgrade(directory=app.config["MIGRATIONS_DIR"])
            yield app
            db.session.remove()
            db.engine.dispose()


def escalations_past_due(app, count: int):
    """`count` escalated case escalations of Tier 1 Support past their High Severity due time,
    each with a watcher and a process waiting for de-escalation, in bulk; return when due."""
    world = build_world(app)
    account = make_account(name="Bench account")
    high = severities.get_by_name("High Severity")
    version = templates.get_by_name("Standard Case Escalation").latest_version
    now = utcnow()
    escalated_at, due = now - timedelta(hours=5), now - timedelta(hours=1)
    _insert(Case, [{"number": f"CSB{n:07}", "account_id": account.id, "state": "open",
                    "short_description": f"Problem {n}", "assignment_group_id": world.tier1.id}
                   for n in range(count)])
    case_ids = list(db.session.scalars(select(Case.id).where(Case.number.like("CSB%"))
                                       .order_by(Case.id)))
    _insert(Escalation, [{
        "number": f"ESB{n:07}", "source_type": "case", "case_id": case_id,
        "account_id": account.id, "state": "escalated", "request_source": "customer",
        "reason": "lack_of_progress", "severity_id": high.id, "template_id": version.template_id,
        "template_version_id": version.id, "justification": "Bench",
        "requested_by_id": world.alice.id, "approved_by_id": world.bob.id,
        "assignment_group_id": world.tier1.id, "escalated_at": escalated_at,
        "sla_due_at": due} for n, case_id in enumerate(case_ids)])
    ids = list(db.session.scalars(select(Escalation.id).order_by(Escalation.id)))
    db.session.execute(insert(escalation_watcher),
                       [{"escalation_id": i, "user_id": world.bob.id} for i in ids])
    _insert(WorkflowInstance, [{"escalation_id": i, "template_version_id": version.id,
                                "state": "{}", "serializer_version": "bench",
                                "status": "waiting", "waiting_for": "de-escalate"}
                               for i in ids])
    db.session.commit()
    return now


def bench_breaches(backend: str, count: int) -> None:
    """Mark `count` due breaches with one worker and print the rate."""
    with app_on_fresh_database(backend) as app:
        now = escalations_past_due(app, count)
        start = time.perf_counter()
        marked = breaches.run_pass(now=now)
        seconds = time.perf_counter() - start
        assert marked == count, (marked, count)
        told = db.session.scalar(select(func.count()).select_from(Notification))
    print(f"{backend}: {count:,} SLA breaches marked in {seconds:.1f} s: "
          f"{count / seconds:,.0f} per second ({told:,} notifications queued with them)")


def bench_mail(backend: str, count: int) -> None:
    """Send `count` queued mails to a local SMTP sink with one worker and print the rate."""
    sink = Sink()
    server = Controller(sink, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        with app_on_fresh_database(backend, SMTP_HOST="127.0.0.1",
                                   SMTP_PORT=server.port) as app:
            queue(count)
            start = time.perf_counter()
            while True:
                with boundary():
                    done = mail.deliver_due(config=app.config, now=utcnow())
                if not done.sent:
                    break
            seconds = time.perf_counter() - start
    finally:
        server.stop()
    assert sink.received == count, (sink.received, count)
    print(f"{backend}: {count:,} mails sent in {seconds:.1f} s: "
          f"{count / seconds:,.0f} per second")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--breaches", type=int, default=10_000, help="0 skips the half")
    parser.add_argument("--mails", type=int, default=10_000, help="0 skips the half")
    parser.add_argument("--database-url", help="PostgreSQL URL; default: SQLite")
    args = parser.parse_args()
    backend = "postgresql" if args.database_url else "sqlite"
    if args.database_url:
        os.environ["TEST_DATABASE_URL"] = args.database_url
    if args.breaches:
        bench_breaches(backend, args.breaches)
    if args.mails:
        bench_mail(backend, args.mails)


if __name__ == "__main__":
    main()
