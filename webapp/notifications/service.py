"""Queueing notifications (one row per person, in the transaction of what caused it), and the
in-app inbox: unread count, newest first, mark read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update

from webapp.auth.models import User
from webapp.common.time import utcnow
from webapp.errors import NotFound
from webapp.extensions import db
from webapp.notifications.models import Notification, NotificationPreference

INBOX_SIZE = 100


def reachable(users: list[User | None]) -> list[User]:
    """The distinct active users of a list: who a notification actually reaches."""
    return list({u.id: u for u in users if u is not None and u.active}.values())


def queue(users: list[User | None], *, subject: str, body: str, record_type: str,
          record_id: int | None, kind: str = "") -> int:
    """Queue one notification per distinct active user about a record; return how many."""
    queued = reachable(users)
    for user in queued:
        db.session.add(Notification(recipient=user, kind=kind, subject=subject[:300], body=body,
                                    record_type=record_type, record_id=record_id))
    return len(queued)


def queue_many(messages: list[tuple[int, str, str, int]], *, kind: str,
               record_type: str) -> int:
    """Queue many notifications in one statement, each (recipient id, subject, body, record id)
    for a recipient the caller found active; e-mail follows each person's choice for `kind`.
    Return how many."""
    if not messages:
        return 0
    recipients = {user_id for user_id, *_ in messages}
    no_mail = set(db.session.scalars(select(NotificationPreference.user_id).where(
        NotificationPreference.kind == kind, NotificationPreference.email.is_(False),
        NotificationPreference.user_id.in_(recipients))))
    db.session.execute(insert(Notification.__table__), [
        {"recipient_id": user_id, "kind": kind, "subject": subject[:300], "body": body,
         "record_type": record_type, "record_id": record_id, "email": user_id not in no_mail}
        for user_id, subject, body, record_id in messages])
    return len(messages)


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)))


def list_for(user: User, *, unread: bool = False) -> list[Notification]:
    """The user's newest notifications (only the unread ones, if asked), newest first."""
    query = select(Notification).where(Notification.recipient_id == user.id)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    return list(db.session.scalars(query.limit(INBOX_SIZE)))


def get_own_or_raise(*, user: User, notification_id: int) -> Notification:
    """One of the user's notifications, or NotFound (another's is not found either)."""
    found = db.session.get(Notification, notification_id)
    if found is None or found.recipient_id != user.id:
        raise NotFound("There is no such notification.")
    return found


def mark_read(*, user: User, notification_id: int, now: datetime | None = None) -> Notification:
    """Mark one of the user's notifications read (reading it again changes nothing)."""
    found = get_own_or_raise(user=user, notification_id=notification_id)
    found.read_at = found.read_at or now or utcnow()
    db.session.flush()
    return found


def mark_all_read(*, user: User, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; return how many."""
    result = db.session.execute(
        update(Notification).where(Notification.recipient_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=now or utcnow()))
    return result.rowcount


def mailbox(*, limit: int = INBOX_SIZE) -> list[Notification]:
    """The e-mail kept in the app (no mail server, or no address), newest first."""
    query = (select(Notification).where(Notification.mailbox.is_(True))
             .order_by(Notification.sent_at.desc(), Notification.id.desc()).limit(limit))
    return list(db.session.scalars(query))


def undelivered(*, limit: int = INBOX_SIZE) -> list[Notification]:
    """E-mail not sent yet after a failed attempt, or given up: newest first, with the error."""
    query = (select(Notification).where(Notification.sent_at.is_(None),
                                        Notification.attempts > 0)
             .order_by(Notification.given_up_at.is_(None), Notification.created_at.desc())
             .limit(limit))
    return list(db.session.scalars(query))
