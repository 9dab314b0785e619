"""Escalation templates and their published versions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.auth.models import Group, User
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.extensions import db


class SourceType(StrEnum):
    """What an escalation or a template is about."""

    CASE = "case"
    ACCOUNT = "account"


template_watcher = Table(
    "template_watcher",
    db.metadata,
    Column("template_id", ForeignKey("escalation_template.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class EscalationTemplate(db.Model):
    """How escalations of one kind run: settings plus a BPMN process in versions."""

    __tablename__ = "escalation_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    type: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    skip_approval: Mapped[bool] = mapped_column(default=False)
    add_group_manager: Mapped[bool] = mapped_column(default=False)
    approval_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment_group.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    draft_xml: Mapped[str | None] = mapped_column(Text)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    draft_saved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_reason: Mapped[str] = mapped_column(Text, default="")
    # How long a task may wait before its candidates are reminded (ISO 8601; empty: never).
    reminder: Mapped[str] = mapped_column(String(40), default="PT2H")

    approval_group: Mapped[Group | None] = relationship()
    draft_saved_by: Mapped[User | None] = relationship(foreign_keys=[draft_saved_by_id])
    watch_list: Mapped[list[User]] = relationship(secondary=template_watcher, lazy="selectin")
    versions: Mapped[list[TemplateVersion]] = relationship(
        back_populates="template", order_by="TemplateVersion.number")

    @property
    def latest_version(self) -> TemplateVersion | None:
        return self.versions[-1] if self.versions else None

    def __repr__(self) -> str:
        return f"<EscalationTemplate {self.name}>"


class TemplateVersion(db.Model):
    """One published BPMN process of a template; never changed once written."""

    __tablename__ = "template_version"
    __table_args__ = (UniqueConstraint("template_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("escalation_template.id"))
    number: Mapped[int]
    bpmn_xml: Mapped[str] = mapped_column(Text)
    spec_hash: Mapped[str] = mapped_column(String(64), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    template: Mapped[EscalationTemplate] = relationship(back_populates="versions")
    published_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<TemplateVersion {self.template_id} v{self.number}>"


class StepKill(db.Model):
    """A step of a template's process that the engine jail had to stop at a limit."""

    __tablename__ = "step_kill"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("escalation_template.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int]
    limit: Mapped[str] = mapped_column(String(20))
    element_id: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublishedVersionIsImmutable(RuntimeError):
    """Raised when code tries to change a published version."""


@event.listens_for(TemplateVersion, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise PublishedVersionIsImmutable("a published template version cannot be changed")
