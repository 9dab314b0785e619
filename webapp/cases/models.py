"""Cases (CS0000001): one customer problem."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum, StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import Account, Contact
from webapp.auth.models import Group, User
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.extensions import db


class Priority(IntEnum):
    """Case priority; 1 is the most urgent."""

    CRITICAL = 1
    HIGH = 2
    MODERATE = 3
    LOW = 4

    @property
    def label(self) -> str:
        return f"{self.value} - {self.name.title()}"


class CaseState(StrEnum):
    """Where a case is in its life."""

    NEW = "new"
    OPEN = "open"
    AWAITING_INFO = "awaiting_info"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATES


OPEN_STATES = frozenset({CaseState.NEW, CaseState.OPEN, CaseState.AWAITING_INFO})


class Case(db.Model):
    """A customer problem worked by an assignment group."""

    __tablename__ = "case"
    __table_args__ = (
        Index("ix_case_state_opened", "state", "opened_at"),
        Index("ix_case_group_state", "assignment_group_id", "state"),
        Index("ix_case_assignee_state", "assigned_to_id", "state"),
        Index("ix_case_account_opened", "account_id", "opened_at"),
        Index("ix_case_priority_opened", "priority", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    short_description: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(default=Priority.MODERATE.value)
    state: Mapped[str] = mapped_column(String(20), default=CaseState.NEW.value)
    assignment_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment_group.id", ondelete="SET NULL")
    )
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": lock_version}

    account: Mapped[Account] = relationship()
    contact: Mapped[Contact | None] = relationship()
    assignment_group: Mapped[Group | None] = relationship()
    assigned_to: Mapped[User | None] = relationship()

    @property
    def state_enum(self) -> CaseState:
        return CaseState(self.state)

    def __repr__(self) -> str:
        return f"<Case {self.number}>"
