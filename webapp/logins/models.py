"""Failed log-ins, kept to throttle the next ones, and personal API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.auth.models import User
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.extensions import db


class LoginFailure(db.Model):
    """A wrong password (or unknown user) at the login form or the API: counted to throttle."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_username", "username", "at"),
                      Index("ix_login_failure_address", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(db.Model):
    """A personal API token: only its SHA-256 is kept (the token is 32 random bytes, so a slow
    hash would add nothing); the token itself is shown once, when it is made."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # the start of the token, to recognise it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def usable(self, now: datetime) -> bool:
        """Not revoked, not expired, and its owner still active."""
        return (self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
                and self.user.active)
