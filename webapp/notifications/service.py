"""Queueing notifications (one row per person, in the transaction of what caused it), the
in-app inbox (unread count, newest first, mark read) and each person's e-mail preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update

from webapp.auth.models import User
from webapp.common.hooks import Hook
from webapp.common.time import utcnow
from webapp.errors import NotFound, ValidationFailed
from webapp.extensions import db
from webapp.notifications.kinds import KIND_NAMES, KINDS, Kind
from webapp.notifications.models import Notification, NotificationPreference

# The number of each escalation by id, for the links of its notifications (escalations answers:
# notifications never import it).
escalation_numbers: Hook[[set[int]], dict[int, str]] = Hook(
    "notifications.escalation_numbers")

INBOX_SIZE = 100


def reachable(users: list[User | None]) -> list[User]:
    """The distinct active users of a list: who a notification actually reaches."""
    return list({u.id: u for u in users if u is not None and u.active}.values())


def queue(users: list[User | None], *, subject: str, body: str, record_type: str,
          record_id: int | None, kind: str = "") -> int:
    """Queue one notification per distinct active user about a record; return how many. Those
    who turned the e-mail of this kind off get the in-app copy only."""
    queued = reachable(users)
    off = email_off(kind, [user.id for user in queued])
    for user in queued:
        db.session.add(Notification(recipient=user, kind=kind, subject=subject[:300], body=body,
                                    record_type=record_type, record_id=record_id,
                                    email=user.id not in off))
    return len(queued)


def email_off(kind: str, user_ids: list[int]) -> set[int]:
    """Which of these users turned the e-mail of `kind` off (one query for all of them)."""
    if not kind or not user_ids:
        return set()
    return set(db.session.scalars(select(NotificationPreference.user_id).where(
        NotificationPreference.kind == kind, NotificationPreference.email.is_(False),
        NotificationPreference.user_id.in_(user_ids))))


def preferences(user: User) -> list[tuple[Kind, bool]]:
    """Each kind of notification with whether the user gets it by e-mail (no choice: yes)."""
    chosen = {kind: email for kind, email in db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.email)
        .where(NotificationPreference.user_id == user.id))}
    return [(kind, chosen.get(kind.name, True)) for kind in KINDS]


def set_preferences(*, user: User, email: dict[str, object]) -> list[tuple[Kind, bool]]:
    """Turn the e-mail of the kinds named on (True) or off (False); kinds not named keep their
    setting. Unknown kinds or values other than true and false change nothing."""
    errors = {name: f"There is no kind of notification called {name!r}."
              for name in email if name not in KIND_NAMES}
    errors.update({name: "Say true or false." for name, value in email.items()
                   if name in KIND_NAMES and not isinstance(value, bool)})
    if errors:
        raise ValidationFailed("The preferences were not saved.", fields=errors)
    stored = {p.kind: p for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for name, value in email.items():
        if name in stored:
            stored[name].email = bool(value)
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=name, email=bool(value)))
    db.session.flush()
    return preferences(user)


def unread_about(*, kind: str, record_type: str, record_id: int) -> set[int]:
    """The users who have an unread notification of `kind` about this record."""
    return set(db.session.scalars(select(Notification.recipient_id).where(
        Notification.kind == kind, Notification.record_type == record_type,
        Notification.record_id == record_id, Notification.read_at.is_(None))))


def queue_many(messages: list[tuple[int, str, str, int]], *, kind: str,
               record_type: str) -> int:
    """Queue many notifications in one statement, each (recipient id, subject, body, record id)
    for a recipient the caller found active; e-mail follows each person's choice for `kind`.
    Return how many."""
    if not messages:
        return 0
    no_mail = email_off(kind, list({user_id for user_id, *_ in messages}))
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
