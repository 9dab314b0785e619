"""Writing and reading the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from webapp.audit.models import AuditEntry
from webapp.auth.models import User
from webapp.common.time import utcnow
from webapp.extensions import db


def record(
    *,
    record_type: str,
    record_id: int,
    action: str,
    actor: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditEntry(
        at=at or utcnow(),
        record_type=record_type,
        record_id=record_id,
        action=action,
        actor=actor,
        before=before or {},
        after=after or {},
    )
    db.session.add(entry)
    return entry


def list_for(*, record_type: str, record_id: int, limit: int = 100) -> list[AuditEntry]:
    """Return the newest audit entries of one record."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.record_type == record_type, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose value differs between `before` and `after`."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_update(*, record_type: str, record_id: int, actor: User | None,
                  before: dict[str, Any], after: dict[str, Any]) -> AuditEntry | None:
    """Audit an update with only the fields that changed; nothing when none did."""
    old, new = changes(before, after)
    if not new:
        return None
    return record(record_type=record_type, record_id=record_id, action="updated", actor=actor,
                  before=old, after=new)
