"""Queueing notifications: one row per person, in the transaction of what caused it."""

from __future__ import annotations

from webapp.auth.models import User
from webapp.extensions import db
from webapp.notifications.models import Notification


def reachable(users: list[User | None]) -> list[User]:
    """The distinct active users of a list: who a notification actually reaches."""
    return list({u.id: u for u in users if u is not None and u.active}.values())


def queue(users: list[User | None], *, subject: str, body: str, record_type: str,
          record_id: int | None) -> int:
    """Queue one notification per distinct active user about a record; return how many."""
    queued = reachable(users)
    for user in queued:
        db.session.add(Notification(recipient=user, subject=subject[:300], body=body,
                                    record_type=record_type, record_id=record_id))
    return len(queued)
