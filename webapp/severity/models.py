"""Escalation severities such as High Severity (red, four-hour response), and the business-hours
schedules their SLA clock may count in."""

from __future__ import annotations

from datetime import time

from sqlalchemy import JSON, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.severity.durations import describe
from webapp.severity.sla import days_words


class Schedule(db.Model):
    """Working time for an SLA clock: week days and hours in a time zone, minus holidays."""

    __tablename__ = "business_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    time_zone: Mapped[str] = mapped_column(String(60), default="UTC")
    # ISO week days that are working days, as digits (1 Monday … 7 Sunday): "12345".
    days: Mapped[str] = mapped_column(String(7), default="12345")
    day_start: Mapped[time] = mapped_column(Time, default=time(9, 0))
    day_end: Mapped[time] = mapped_column(Time, default=time(17, 0))
    holidays: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO dates, "2026-12-25"

    @property
    def days_words(self) -> str:
        """The working days said as people write them, such as `Mon–Fri`."""
        return days_words(self.days)

    def __repr__(self) -> str:
        return f"<Schedule {self.name}>"


class Severity(db.Model):
    """How severe an escalation is: its colour in lists and its SLA response time."""

    __tablename__ = "severity"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    color: Mapped[str] = mapped_column(String(7))
    order: Mapped[int] = mapped_column(default=1)
    response_time: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    schedule_id: Mapped[int | None] = mapped_column(
        ForeignKey("business_schedule.id", ondelete="SET NULL"))

    schedule: Mapped[Schedule | None] = relationship(lazy="joined")

    @property
    def response_time_words(self) -> str:
        """The response time said in words, such as `4 hours`."""
        return describe(self.response_time)

    def __repr__(self) -> str:
        return f"<Severity {self.name}>"
