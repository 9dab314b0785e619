"""Escalations (ESC0000001), their approvals, related cases and watch lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, and_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import ColumnElement

from webapp.accounts.models import Account
from webapp.auth.models import Group, User
from webapp.cases.models import Case
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.escalations.states import ACTIVE_STATES, ApprovalState, EscalationState
from webapp.escalations.templates.models import EscalationTemplate, TemplateVersion
from webapp.extensions import db
from webapp.severity.models import Severity

_ACTIVE_SQL = "state IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(ACTIVE_STATES)))
_ONE_ACTIVE_CASE = text(f"{_ACTIVE_SQL} AND source_type = 'case'")
_ONE_ACTIVE_ACCOUNT = text(f"{_ACTIVE_SQL} AND source_type = 'account'")

escalation_watcher = Table(
    "escalation_watcher",
    db.metadata,
    Column("escalation_id", ForeignKey("escalation.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class Escalation(db.Model):
    """A request for attention on a case or an account, run by a template's process."""

    __tablename__ = "escalation"
    __table_args__ = (
        # At most one active escalation per case and per account, enforced by the database.
        Index("uq_escalation_active_case", "case_id", unique=True,
              sqlite_where=_ONE_ACTIVE_CASE, postgresql_where=_ONE_ACTIVE_CASE),
        Index("uq_escalation_active_account", "account_id", unique=True,
              sqlite_where=_ONE_ACTIVE_ACCOUNT, postgresql_where=_ONE_ACTIVE_ACCOUNT),
        Index("ix_escalation_state_opened", "state", "opened_at"),
        Index("ix_escalation_sla_due", "sla_due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    source_type: Mapped[str] = mapped_column(String(10))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    state: Mapped[str] = mapped_column(String(30), default=EscalationState.REQUESTED.value)
    request_source: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(40))
    severity_id: Mapped[int] = mapped_column(ForeignKey("severity.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("escalation_template.id"))
    template_version_id: Mapped[int] = mapped_column(ForeignKey("template_version.id"))
    justification: Mapped[str] = mapped_column(Text)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    de_escalation_justification: Mapped[str] = mapped_column(Text, default="")
    trend: Mapped[str] = mapped_column(String(20), default="same")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    declined_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    de_escalated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assignment_group_id: Mapped[int | None] = mapped_column(ForeignKey("assignment_group.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The SLA clock: due from escalation (restarted on a severity change), breached once.
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}

    case: Mapped[Case | None] = relationship()
    account: Mapped[Account] = relationship()
    severity: Mapped[Severity] = relationship(lazy="joined")
    template: Mapped[EscalationTemplate] = relationship()
    template_version: Mapped[TemplateVersion] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    declined_by: Mapped[User | None] = relationship(foreign_keys=[declined_by_id])
    de_escalated_by: Mapped[User | None] = relationship(foreign_keys=[de_escalated_by_id])
    assignment_group: Mapped[Group | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    watch_list: Mapped[list[User]] = relationship(secondary=escalation_watcher, lazy="selectin")
    approvals: Mapped[list[Approval]] = relationship(
        back_populates="escalation", order_by="Approval.id")
    related_cases: Mapped[list[RelatedCase]] = relationship(
        back_populates="escalation", order_by="RelatedCase.id", cascade="all, delete-orphan")

    @property
    def state_enum(self) -> EscalationState:
        return EscalationState(self.state)

    @property
    def is_active(self) -> bool:
        return self.state_enum.is_active

    @property
    def source_number(self) -> str:
        return self.case.number if self.case is not None else self.account.number

    def __repr__(self) -> str:
        return f"<Escalation {self.number} {self.state}>"


class Approval(db.Model):
    """One approver's part in deciding an escalation."""

    __tablename__ = "approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    human_task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id"))
    approver_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    state: Mapped[str] = mapped_column(String(20), default=ApprovalState.REQUESTED.value)
    comment: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    escalation: Mapped[Escalation] = relationship(back_populates="approvals")
    approver: Mapped[User] = relationship()


class RelatedCase(db.Model):
    """A case linked to an account escalation."""

    __tablename__ = "related_case"
    __table_args__ = (UniqueConstraint("escalation_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    escalation: Mapped[Escalation] = relationship(back_populates="related_cases")
    case: Mapped[Case] = relationship()
    linked_by: Mapped[User | None] = relationship()


def _in_force(source_type: str) -> ColumnElement[bool]:
    active = [state.value for state in sorted(ACTIVE_STATES)]
    return and_(Escalation.source_type == source_type, Escalation.state.in_(active))


# The escalation in force on a case or an account. Declared here, on the escalations side, because
# the records never import escalations; their pages still read `case.active_escalation`.
Case.active_escalation = relationship(
    Escalation, primaryjoin=and_(Escalation.case_id == Case.id, _in_force("case")),
    viewonly=True, uselist=False)
Account.active_escalation = relationship(
    Escalation, primaryjoin=and_(Escalation.account_id == Account.id, _in_force("account")),
    viewonly=True, uselist=False)
