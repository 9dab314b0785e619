"""The worker's SLA pass: every open escalation past its due time is marked breached once, with
a work note, a history entry and notifications; a process that waits for `sla-breached` is
told.

Most processes do not wait for the breach, and those escalations are marked in bulk: one
statement claims a batch (`UPDATE … WHERE sla_breached_at IS NULL … RETURNING`, its rows
picked with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two workers never take the same one),
and the notes, history entries and notifications of the batch are inserted set-wise. The few
whose process waits go one by one, each in its own transaction with its process step, as
timers do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, insert, literal, not_, or_, select, update

from webapp.audit.models import AuditEntry
from webapp.auth.models import Group, User
from webapp.common.transactions import boundary, conflicts
from webapp.errors import DomainError
from webapp.escalations import sla
from webapp.escalations.contract import SLA_BREACHED
from webapp.escalations.models import Escalation, escalation_watcher
from webapp.escalations.process import runner
from webapp.escalations.process.models import InstanceStatus, WorkflowInstance
from webapp.escalations.states import ACTIVE_STATES
from webapp.extensions import db
from webapp.journal.models import EntryKind, JournalEntry
from webapp.notifications import service as notifications
from webapp.severity.models import Severity
from workflows import DeliverMessage

log = logging.getLogger(__name__)

BATCH = 500
KIND = "sla_breached"
E, W = Escalation.__table__, WorkflowInstance.__table__
CLAIMED = (E.c.id, E.c.number, E.c.case_id, E.c.severity_id, E.c.sla_due_at,
           E.c.requested_by_id, E.c.assigned_to_id, E.c.assignment_group_id)


@dataclass(frozen=True)
class Breach:
    """One escalation just marked breached, with what its note and notifications need."""

    id: int
    number: str
    case_id: int | None
    severity_id: int
    due: datetime
    requested_by_id: int | None
    assigned_to_id: int | None
    assignment_group_id: int | None

    @classmethod
    def of(cls, escalation: Escalation) -> Breach:
        """The breach of a stored escalation, as it stands now."""
        return cls(*(getattr(escalation, column.key) for column in CLAIMED))


def _open_and_due(now: datetime):
    return (E.c.state.in_([s.value for s in ACTIVE_STATES]), E.c.sla_due_at <= now,
            E.c.sla_breached_at.is_(None))


def _waits_for_breach():
    # waiting_for is comma-separated: match the whole name, not a part of another.
    listed = (literal(",") + W.c.waiting_for + literal(",")).like(f"%,{SLA_BREACHED.name},%")
    return and_(W.c.status == InstanceStatus.WAITING.value, listed)


def mark_due(*, now: datetime, limit: int = BATCH) -> int:
    """Mark up to `limit` due escalations whose process does not wait for the breach, with
    their notes, history and notifications; the caller's boundary commits. How many."""
    picked = (select(E.c.id).select_from(E.outerjoin(W, W.c.escalation_id == E.c.id))
              .where(*_open_and_due(now), or_(W.c.id.is_(None), not_(_waits_for_breach())))
              .order_by(E.c.sla_due_at).limit(limit)
              .with_for_update(of=E, skip_locked=True))
    claim = (update(E).where(E.c.id.in_(picked.scalar_subquery()), *_open_and_due(now))
             .values(sla_breached_at=now, lock_version=E.c.lock_version + 1)
             .returning(*CLAIMED))
    breaches = [Breach(*row) for row in db.session.execute(claim)]
    texts = _texts(breaches)
    _record(breaches, texts, now)
    _notify(breaches, texts)
    return len(breaches)


def waiting_ids(*, now: datetime, limit: int = 200) -> list[int]:
    """Ids of the due escalations whose process waits for `sla-breached` now."""
    query = (select(E.c.id).join(W, W.c.escalation_id == E.c.id)
             .where(*_open_and_due(now), _waits_for_breach())
             .order_by(E.c.sla_due_at).limit(limit))
    return list(db.session.scalars(query))


def breach_waiting(*, escalation_id: int, now: datetime) -> bool:
    """Mark one escalation breached and deliver `sla-breached` to its process, in the caller's
    transaction; False when it is no longer due (or another worker has it)."""
    # Lock the row alone: the escalation's eager loads outer-join, which FOR UPDATE refuses.
    claimed = db.session.scalar(select(E.c.id).where(E.c.id == escalation_id,
                                                     *_open_and_due(now))
                                .with_for_update(skip_locked=True))
    if claimed is None:
        return False
    escalation = db.session.get(Escalation, claimed, populate_existing=True)
    row = runner.lock(escalation)
    escalation.sla_breached_at = now
    texts = _texts([Breach.of(escalation)])
    _record([Breach.of(escalation)], texts, now)  # before the process's own notes
    severity = escalation.severity
    payload = {"severity": severity.name, "sla_duration": severity.response_time,
               "due_at": escalation.sla_due_at.isoformat()}
    with conflicts():
        runner.advance(row=row, escalation=escalation, actor=None, now=now,
                       event=DeliverMessage(SLA_BREACHED.name, payload, if_waiting=True))
    _notify([Breach.of(escalation)], texts)  # to the escalation manager the process left
    return True


def run_pass(*, now: datetime, batch: int = BATCH) -> int:
    """Mark every escalation due at `now`: the bulk in batches, then each whose process waits,
    every batch and every one of those in a transaction of its own. How many were marked."""
    marked = 0
    try:
        while True:
            with boundary():
                done = mark_due(now=now, limit=batch)
            marked += done
            if done < batch:
                break
    except Exception:
        # Never stop the worker: the next pass takes what is left.
        log.exception("Marking SLA breaches failed")
    for escalation_id in waiting_ids(now=now):
        try:
            with boundary():
                marked += breach_waiting(escalation_id=escalation_id, now=now)
        except DomainError as error:
            log.warning("SLA breach of escalation %s not marked: %s", escalation_id,
                        error.message)
        except Exception:
            log.exception("SLA breach of escalation %s failed", escalation_id)
    return marked


def _texts(breaches: list[Breach]) -> dict[int, tuple[str, str]]:
    """The subject and the note of each breach, by escalation id."""
    severities = _severities(breaches)
    return {b.id: (f"{b.number}: SLA breached ({severities[b.severity_id].name})",
                   sla.breach_note(severities[b.severity_id], b.due)) for b in breaches}


def _record(breaches: list[Breach], texts: dict[int, tuple[str, str]], now: datetime) -> None:
    """The work note (copied to the case) and the history entry of each breach, in bulk."""
    if not breaches:
        return
    notes, entries = [], []
    for breach in breaches:
        text = texts[breach.id][1]
        notes.append(_note("escalation", breach.id, text))
        if breach.case_id is not None:
            notes.append(_note("case", breach.case_id, f"[{breach.number}] {text}"))
        entries.append({"record_type": "escalation", "record_id": breach.id,
                        "action": KIND, "actor_id": None, "before": {},
                        "after": {"sla_due": sla.shown(breach.due),
                                  "sla_breached": sla.shown(now)}})
    # Core executemany on the tables: no ORM bookkeeping per row (column defaults still apply).
    # (A multi-row VALUES statement is slower here: psycopg parses long statements uncached.)
    db.session.execute(insert(JournalEntry.__table__), notes)
    db.session.execute(insert(AuditEntry.__table__), entries)


def _note(record_type: str, record_id: int, text: str) -> dict:
    return {"record_type": record_type, "record_id": record_id, "author_id": None,
            "kind": EntryKind.WORK_NOTE.value, "text": text}


def _notify(breaches: list[Breach], texts: dict[int, tuple[str, str]]) -> None:
    """Tell each breach's escalation manager (else its group's manager), watchers and
    requester: active people only, each once."""
    if not breaches:
        return
    ids = [b.id for b in breaches]
    watchers: dict[int, list[int]] = {}
    for escalation_id, user_id in db.session.execute(
            select(escalation_watcher.c.escalation_id, escalation_watcher.c.user_id)
            .where(escalation_watcher.c.escalation_id.in_(ids))):
        watchers.setdefault(escalation_id, []).append(user_id)
    managers = dict(db.session.execute(select(Group.id, Group.manager_id).where(
        Group.id.in_({b.assignment_group_id for b in breaches} - {None}))).all())
    wanted = {b.id: [b.assigned_to_id or managers.get(b.assignment_group_id),
                     *watchers.get(b.id, []), b.requested_by_id] for b in breaches}
    active = _active({u for people in wanted.values() for u in people if u is not None})
    messages = []
    for breach in breaches:
        subject, body = texts[breach.id]
        people = dict.fromkeys(u for u in wanted[breach.id] if u in active)
        messages += [(user_id, subject, body, breach.id) for user_id in people]
    notifications.queue_many(messages, kind=KIND, record_type="escalation")


def _active(user_ids: Iterable[int]) -> set[int]:
    ids = list(user_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(User.id).where(User.id.in_(ids),
                                                        User.active.is_(True))))


def _severities(breaches: list[Breach]) -> dict[int, Severity]:
    """The severities of a batch (a handful of rows, each with its schedule), by id."""
    ids = {b.severity_id for b in breaches}
    return {s.id: s for s in db.session.scalars(select(Severity).where(Severity.id.in_(ids)))}
