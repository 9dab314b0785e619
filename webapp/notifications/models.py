"""Notifications waiting to be sent: written in the same transaction as what caused them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.auth.models import User
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.extensions import db


class Notification(db.Model):
    """One message to one user; `sent_at` stays empty until it is e-mailed, `read_at` until the
    user reads it in the app."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_unsent", "sent_at", "created_at"),
                      Index("ix_notification_recipient_read", "recipient_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(40), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    record_type: Mapped[str] = mapped_column(String(20), default="")
    record_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    given_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailbox: Mapped[bool] = mapped_column(default=False)  # kept here, not sent: no mail server
    email: Mapped[bool] = mapped_column(default=True)  # False: the recipient turned this kind off

    recipient: Mapped[User] = relationship()


class NotificationPreference(db.Model):
    """A user's choice for one kind of notification: e-mail on or off (the in-app copy stays).
    No row means the default, on."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[bool] = mapped_column(default=True)
