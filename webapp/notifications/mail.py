"""E-mailing the outbox: each notification row is one message, claimed by one worker, retried
with backoff while the mail server is away, given up after MAIL_MAX_ATTEMPTS. Without
SMTP_HOST the message stays in the app's own mailbox (the row, marked `mailbox`)."""

from __future__ import annotations

import html
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import false, or_, select, update

from webapp.common.colors import ink_on
from webapp.common.hooks import Hook
from webapp.extensions import db
from webapp.notifications.models import Notification

BATCH = 200
SMTP_TIMEOUT = 10

# The severity (name, colour) of the escalation each message is about, by notification id:
# escalations answer it, the outbox does not know them.
severity_labels: Hook[[list[Notification]], dict[int, tuple[str, str]]] = Hook(
    "notifications.mail.severity_labels")


@dataclass
class Delivery:
    """What one pass over the outbox did."""

    sent: int = 0
    kept: int = 0
    failed: int = 0
    given_up: int = 0


def claim(*, now: datetime, limit: int = BATCH) -> list[Notification]:
    """The next messages due, locked for this transaction (SKIP LOCKED: with several workers
    on PostgreSQL, each message goes to one). SQLite has no row locks: there the claim takes
    the database's write lock first, so workers take turns. A row whose recipient turned its
    kind's e-mail off is never claimed: it stays in the app only."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Notification).where(false()).values(attempts=0))
    query = (select(Notification)
             .where(Notification.sent_at.is_(None), Notification.given_up_at.is_(None),
                    Notification.email.is_(True),
                    or_(Notification.next_attempt_at.is_(None),
                        Notification.next_attempt_at <= now))
             .order_by(Notification.created_at, Notification.id).limit(limit)
             .with_for_update(skip_locked=True))
    return list(db.session.scalars(query))


def deliver_due(*, config: dict[str, Any], now: datetime, limit: int = BATCH) -> Delivery:
    """Send (or keep in the mailbox) every message due; the caller's boundary commits."""
    rows, done = claim(now=now, limit=limit), Delivery()
    if not rows:
        return done
    keep = [r for r in rows if not config["SMTP_HOST"] or not r.recipient.email]
    for row in keep:
        row.sent_at, row.mailbox = now, True
    done.kept = len(keep)
    outgoing = [r for r in rows if r not in keep]
    if outgoing:
        _send(outgoing, config, now, done)
    db.session.flush()
    return done


def _send(rows: list[Notification], config: dict[str, Any], now: datetime,
          done: Delivery) -> None:
    labels = severity_labels(rows)
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"],
                          timeout=SMTP_TIMEOUT) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USER"]:
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            for row in rows:
                try:
                    smtp.send_message(message(row, config, severity=labels.get(row.id)))
                except smtplib.SMTPRecipientsRefused as error:
                    _failed(row, error, config, now, done)
                else:
                    row.sent_at = now
                    done.sent += 1
    except (OSError, smtplib.SMTPException) as error:  # the server is away: try again later
        for row in rows:
            if row.sent_at is None:
                _failed(row, error, config, now, done)


def _failed(row: Notification, error: Exception, config: dict[str, Any], now: datetime,
            done: Delivery) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:1000]
    if row.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        row.given_up_at = now
        done.given_up += 1
    else:
        row.next_attempt_at = now + timedelta(minutes=2 ** (row.attempts - 1))
        done.failed += 1


def link(row: Notification, config: dict[str, Any]) -> str:
    """The address that opens what the notification is about."""
    return f"{config['BASE_URL']}/notifications/{row.id}"


def message(row: Notification, config: dict[str, Any], *,
            severity: tuple[str, str] | None = None) -> EmailMessage:
    """The e-mail of one notification: text and HTML, with a stable Message-ID. `severity`
    (name, colour) shows as a coloured label, its text black or white for contrast."""
    mail = EmailMessage()
    mail["Subject"] = row.subject
    mail["From"] = config["MAIL_FROM"]
    mail["To"] = row.recipient.email
    domain = config["MAIL_FROM"].rpartition("@")[2] or "localhost"
    # The same Message-ID on every attempt, so a message that did arrive is not shown twice.
    mail["Message-ID"] = f"<notification-{row.id}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"
    url = link(row, config)
    said = f"Severity: {severity[0]}\n\n" if severity else ""
    mail.set_content(f"{row.subject}\n\n{said}{row.body}\n\nOpen it: {url}\n")
    mail.add_alternative(
        f"<div style=\"font-family:sans-serif\">{_label(severity)}"
        f"<h2 style=\"font-size:18px\">{html.escape(row.subject)}</h2>"
        f"<p>{html.escape(row.body)}</p>"
        f"<p><a href=\"{html.escape(url)}\">Open it in Escalations</a></p></div>",
        subtype="html")
    return mail


def _label(severity: tuple[str, str] | None) -> str:
    if severity is None:
        return ""
    name, colour = severity
    return (f"<p><span class=\"severity\" style=\"display:inline-block;padding:3px 10px;"
            f"border-radius:4px;font-weight:bold;background-color:{html.escape(colour)};"
            f"color:{ink_on(colour)}\">{html.escape(name)}</span></p>")
