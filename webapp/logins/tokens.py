"""Personal API tokens (made on the profile page, shown once, revocable) and a short memory of
verified HTTP Basic credentials, so that only the first call of a series pays the password hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from webapp.audit import service as audit
from webapp.auth.models import User
from webapp.common.time import utcnow
from webapp.common.transactions import flush
from webapp.errors import NotFound, ValidationFailed
from webapp.extensions import db
from webapp.logins.models import ApiToken

TOKEN_PREFIX = "esc_"
MAX_EXPIRY_DAYS = 366
LAST_USED_EVERY = timedelta(minutes=1)  # last use is written at most this often per token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: the row, and the token itself (never shown again)."""

    row: ApiToken
    token: str


def create(*, user: User, name: str, expires_in_days: int | None,
           now: datetime | None = None) -> NewToken:
    """Make a token for `user`; ValidationFailed names the field that is wrong."""
    now = now or utcnow()
    errors = {}
    name = (name or "").strip()
    if not name or len(name) > 80:
        errors["name"] = "Give the token a name of 1 to 80 characters (what uses it)."
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        errors["expires_in_days"] = f"Choose 1 to {MAX_EXPIRY_DAYS} days, or no expiry."
    if errors:
        raise ValidationFailed("The token was not made: fix the fields marked.", fields=errors)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name, token_hash=_digest(token), prefix=token[:10],
                   created_at=now, expires_at=now + timedelta(days=expires_in_days)
                   if expires_in_days else None)
    db.session.add(row)
    flush()
    audit.record(record_type="user", record_id=user.id, action="token_created", actor=user,
                 after={"token": name, "prefix": row.prefix}, at=now)
    return NewToken(row, token)


def list_for(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones too, marked)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(*, user: User, token_id: int, now: datetime | None = None) -> ApiToken:
    """Revoke one of the user's tokens (another's is not found)."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound("There is no such token.")
    if row.revoked_at is None:
        row.revoked_at = now or utcnow()
        audit.record(record_type="user", record_id=user.id, action="token_revoked",
                     actor=user, before={"token": row.name, "prefix": row.prefix})
        flush()
    return row


def user_for(token: str, *, now: datetime | None = None) -> User | None:
    """The user a bearer token stands for, or None (unknown, revoked, expired, owner inactive).
    Its last use is written at most once a minute."""
    now = now or utcnow()
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or not row.usable(now):
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        row.last_used_at = now
    return row.user


class VerifiedCredentials:
    """HTTP Basic credentials verified lately, for a few seconds: keyed by a keyed hash of the
    pair (the password is never kept), and bound to the password hash they were checked
    against, so a new password drops them at once."""

    def __init__(self, seconds: float = 60, size: int = 1000) -> None:
        self.seconds, self.size = seconds, size
        self._known: dict[str, tuple[int, str, float]] = {}
        self._lock = threading.Lock()

    def _key(self, username: str, password: str) -> str:
        secret = current_app.config["SECRET_KEY"].encode()
        return hmac.new(secret, f"{username}\0{password}".encode(), hashlib.sha256).hexdigest()

    def user(self, username: str, password: str) -> User | None:
        """The active user these credentials were verified for lately, else None."""
        key = self._key(username, password)
        with self._lock:
            found = self._known.get(key)
        if found is None or found[2] < time.monotonic():
            return None
        user = db.session.get(User, found[0])
        if user is None or not user.active or user.password_hash != found[1]:
            with self._lock:
                self._known.pop(key, None)
            return None
        return user

    def forget_all(self) -> None:
        """Forget every remembered pair (each next call checks its password again)."""
        with self._lock:
            self._known.clear()

    def remember(self, username: str, password: str, user: User) -> None:
        """Remember that these credentials are `user`'s, for a few seconds."""
        key = self._key(username, password)
        with self._lock:
            if len(self._known) >= self.size:
                self._known.clear()
            self._known[key] = (user.id, user.password_hash, time.monotonic() + self.seconds)


verified = VerifiedCredentials()
