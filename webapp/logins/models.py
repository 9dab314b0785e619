"""Failed log-ins, kept to throttle the next ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

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
