"""Log-in throttling: after too many wrong passwords for one username, or from one address,
within a window, log-ins are refused (even with the right password) until the window has
moved on past the oldest of them.

The failures are rows in the database, so every web and API process sees the same count with no
other server to run; each failure and each refusal is also an audit entry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from webapp.audit import service as audit
from webapp.common.time import utcnow
from webapp.extensions import db
from webapp.logins.models import LoginFailure


@dataclass(frozen=True)
class Refusal:
    """Why a log-in is refused now, and for how long."""

    message: str
    retry_after: int  # seconds


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def refusal(*, username: str, address: str, now: datetime | None = None) -> Refusal | None:
    """A Refusal when this username or this address failed too often lately, else None."""
    now = now or utcnow()
    since = now - _window()
    config = current_app.config
    for column, value, limit, whom in (
            (LoginFailure.username, username.strip(), config["LOGIN_MAX_FAILURES"],
             "for this username"),
            (LoginFailure.address, address, config["LOGIN_ADDRESS_MAX_FAILURES"],
             "from your address")):
        count, oldest = db.session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                column == value, LoginFailure.at > since)).one()
        if count >= limit:
            wait = max(1, math.ceil((oldest + _window() - now).total_seconds()))
            minutes = math.ceil(wait / 60)
            return Refusal(f"Too many failed log-ins {whom}: try again in {minutes} "
                           f"minute{'s' if minutes != 1 else ''}.", wait)
    return None


def failed(*, username: str, address: str, now: datetime | None = None) -> None:
    """Count a failed log-in, and audit it."""
    now = now or utcnow()
    db.session.add(LoginFailure(username=username.strip()[:80], address=address[:64], at=now))
    audit.record(record_type="login", record_id=0, action="login_failed", actor=None,
                 after={"username": username.strip()[:80], "address": address}, at=now)
    db.session.flush()


def refused(*, username: str, address: str, why: Refusal, now: datetime | None = None) -> None:
    """Audit a log-in refused by the throttle (it does not count as one more failure)."""
    audit.record(record_type="login", record_id=0, action="login_throttled", actor=None,
                 after={"username": username.strip()[:80], "address": address,
                        "retry_after": why.retry_after}, at=now or utcnow())
    db.session.flush()


def succeeded(*, username: str) -> None:
    """Forget the username's failures once its password was right."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == username.strip()))

