"""Escalation severities such as High Severity (red, four-hour response)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.severity.durations import describe


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

    @property
    def response_time_words(self) -> str:
        """The response time said in words, such as `4 hours`."""
        return describe(self.response_time)

    def __repr__(self) -> str:
        return f"<Severity {self.name}>"
