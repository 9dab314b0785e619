"""Journal entries: work notes (internal) and comments on a case or an account."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.auth.models import User
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.extensions import db


class EntryKind(StrEnum):
    """What sort of journal entry this is."""

    WORK_NOTE = "work_note"
    COMMENT = "comment"


class JournalEntry(db.Model):
    """A note written on a record: who, what, when."""

    __tablename__ = "journal_entry"
    __table_args__ = (Index("ix_journal_record", "record_type", "record_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default=EntryKind.WORK_NOTE.value)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()
