"""Adding and listing work notes and comments."""

from __future__ import annotations

from sqlalchemy import select

from webapp.auth.models import User
from webapp.errors import ValidationFailed
from webapp.extensions import db
from webapp.journal.models import EntryKind, JournalEntry

MAX_LENGTH = 10_000


def validate_text(text: str | None) -> str:
    """Return the stripped note text, or raise ValidationFailed saying what is wrong."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationFailed("The note is empty.", fields={"text": "Write the note first."})
    if len(cleaned) > MAX_LENGTH:
        raise ValidationFailed(
            "The note is too long.",
            fields={"text": f"Keep it under {MAX_LENGTH:,} characters ({len(cleaned):,} now)."},
        )
    return cleaned


def clip(text: str) -> str:
    """Shorten a note the system writes (quoting user text) to the length a note may have."""
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"


def add_entry(
    *, record_type: str, record_id: int, author: User | None, text: str, kind: EntryKind
) -> JournalEntry:
    """Add a journal entry to the current transaction (the caller commits)."""
    entry = JournalEntry(
        record_type=record_type,
        record_id=record_id,
        author=author,
        text=validate_text(text),
        kind=kind.value,
    )
    db.session.add(entry)
    return entry


def list_for(*, record_type: str, record_id: int, limit: int = 200) -> list[JournalEntry]:
    """Return a record's journal entries, newest first."""
    query = (
        select(JournalEntry)
        .where(JournalEntry.record_type == record_type, JournalEntry.record_id == record_id)
        .order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
