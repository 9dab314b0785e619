"""How fast one worker e-mails the outbox, through a real SMTP conversation.

Run: .venv/bin/python bench/worker.py [--mails 10000] [--database-url URL]
Builds a fresh database (SQLite in a temporary folder unless --database-url is given; on
PostgreSQL a schema of its own, dropped afterwards), queues the notifications in bulk, starts a
local SMTP sink (aiosmtpd) and lets one worker send them in its usual batches, each batch one
transaction; prints the rate.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from tests.builders import make_user  # noqa: E402
from tests.databases import fresh_database  # noqa: E402
from tests.smtp import free_port  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.common.time import utcnow  # noqa: E402
from webapp.common.transactions import boundary  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.notifications import mail  # noqa: E402
from webapp.notifications.models import Notification  # noqa: E402


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
    for start in range(0, count, 5000):
        db.session.execute(insert(Notification), rows[start:start + 5000])
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=10_000)
    parser.add_argument("--database-url", help="PostgreSQL URL; default: SQLite")
    args = parser.parse_args()
    backend = "postgresql" if args.database_url else "sqlite"
    if args.database_url:
        os.environ["TEST_DATABASE_URL"] = args.database_url
    sink = Sink()
    server = Controller(sink, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp, fresh_database(backend, Path(tmp)) as url:
            app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": url,
                              "INSTANCE_PATH": tmp, "SMTP_HOST": "127.0.0.1",
                              "SMTP_PORT": server.port})
            with app.app_context():
                upgrade(directory=app.config["MIGRATIONS_DIR"])
                queue(args.mails)
                start = time.perf_counter()
                while True:
                    with boundary():
                        done = mail.deliver_due(config=app.config, now=utcnow())
                    if not done.sent:
                        break
                seconds = time.perf_counter() - start
                db.session.remove()
                db.engine.dispose()
    finally:
        server.stop()
    assert sink.received == args.mails, (sink.received, args.mails)
    print(f"{backend}: {args.mails:,} mails sent in {seconds:.1f} s: "
          f"{args.mails / seconds:,.0f} per second")


if __name__ == "__main__":
    main()
