"""Stored process instances and their human tasks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.auth.models import User
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.escalations.templates.models import TemplateVersion
from webapp.extensions import db


class InstanceStatus(StrEnum):
    """Where a stored instance stands."""

    WAITING = "waiting"
    COMPLETED = "completed"
    ERROR = "error"


class TaskState(StrEnum):
    """Where a human task stands."""

    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class WorkflowInstance(db.Model):
    """The saved state of one escalation's process, on the template version it started with."""

    __tablename__ = "workflow_instance"
    __table_args__ = (Index("ix_workflow_instance_due", "next_timer_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), unique=True)
    template_version_id: Mapped[int] = mapped_column(ForeignKey("template_version.id"))
    state: Mapped[str] = mapped_column(Text)
    serializer_version: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=InstanceStatus.WAITING.value)
    error_element: Mapped[str] = mapped_column(String(200), default="")
    error_message: Mapped[str] = mapped_column(Text, default="")
    next_timer_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The messages the process waits for now, comma-separated: read without running a step.
    waiting_for: Mapped[str] = mapped_column(String(300), default="")
    # Timer firings since a person last acted, counted from `timer_fires_since`: a process whose
    # timers fire past the limit within an hour is stopped as a loop.
    timer_fires: Mapped[int] = mapped_column(default=0)
    timer_fires_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}

    template_version: Mapped[TemplateVersion] = relationship()
    tasks: Mapped[list[HumanTask]] = relationship(back_populates="instance",
                                                  order_by="HumanTask.id")


task_candidate = Table(
    "task_candidate",
    db.metadata,
    Column("task_id", ForeignKey("human_task.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class HumanTask(db.Model):
    """A user task of a process, waiting for one of its candidates."""

    __tablename__ = "human_task"
    __table_args__ = (Index("ix_human_task_state", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("workflow_instance.id"), index=True)
    task_id: Mapped[str] = mapped_column(String(36), unique=True)
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    lane: Mapped[str] = mapped_column(String(200), default="")
    documentation: Mapped[str] = mapped_column(Text, default="")
    form: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    candidate_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default=TaskState.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    instance: Mapped[WorkflowInstance] = relationship(back_populates="tasks")
    candidates: Mapped[list[User]] = relationship(secondary=task_candidate, lazy="selectin")
    completed_by: Mapped[User | None] = relationship()
