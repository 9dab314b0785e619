"""Record numbers such as CS0000001, allocated without gaps or clashes.

The counter row is bumped inside the caller's transaction: concurrent writers queue on that row
(a row lock on PostgreSQL, the single writer lock on SQLite), and a rolled-back transaction takes
its number back with it, so numbers have no gaps.
"""

from __future__ import annotations

from sqlalchemy import String, update
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

DIGITS = 7


class NumberSequence(db.Model):
    """The last number handed out for one prefix."""

    __tablename__ = "number_sequence"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


def format_number(prefix: str, value: int) -> str:
    """Return the display form of a number: prefix and seven digits."""
    return f"{prefix}{value:0{DIGITS}d}"


def next_number(prefix: str) -> str:
    """Take the next number for `prefix` in the current transaction."""
    statement = (
        update(NumberSequence)
        .where(NumberSequence.prefix == prefix)
        .values(last_value=NumberSequence.last_value + 1)
        .returning(NumberSequence.last_value)
    )
    value = db.session.execute(statement).scalar_one_or_none()
    if value is None:
        db.session.add(NumberSequence(prefix=prefix, last_value=1))
        db.session.flush()
        value = 1
    return format_number(prefix, value)
