"""Reminding the candidates of every task that has waited longer than its template's reminder
period, once per period (a template with an empty period never reminds)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update

from webapp.escalations import notices
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask, TaskState, WorkflowInstance
from webapp.escalations.templates.models import EscalationTemplate
from webapp.extensions import db
from webapp.severity import durations

BATCH = 500
log = logging.getLogger(__name__)


def periods() -> dict[str, timedelta]:
    """The reminder periods the templates use, each read once (a handful, however many
    tasks wait)."""
    found: dict[str, timedelta] = {}
    texts = db.session.scalars(select(EscalationTemplate.reminder).distinct()
                               .where(EscalationTemplate.reminder != ""))
    for text in texts:
        try:
            found[text] = durations.to_timedelta(text)
        except durations.InvalidDuration:
            log.warning("Reminder period %r of a template is not a duration: ignored", text)
    return found


def due(*, now: datetime, limit: int = BATCH) -> list[tuple[HumanTask, Escalation]]:
    """Open tasks whose template's period has passed since they opened or were last reminded,
    in one query, locked for this transaction (SKIP LOCKED: with several workers on
    PostgreSQL, each task is reminded by one)."""
    by_period = periods()
    if not by_period:
        return []
    since = func.coalesce(HumanTask.reminded_at, HumanTask.created_at)
    query = (select(HumanTask, Escalation)
             .join(WorkflowInstance, HumanTask.instance_id == WorkflowInstance.id)
             .join(Escalation, WorkflowInstance.escalation_id == Escalation.id)
             .join(EscalationTemplate, Escalation.template_id == EscalationTemplate.id)
             .where(HumanTask.state == TaskState.OPEN.value,
                    or_(*(and_(EscalationTemplate.reminder == text, since <= now - period)
                          for text, period in by_period.items())))
             .order_by(HumanTask.created_at, HumanTask.id).limit(limit)
             .with_for_update(of=HumanTask, skip_locked=True))
    return [(task, escalation) for task, escalation in db.session.execute(query)]


def remind_due(*, now: datetime, limit: int = BATCH) -> int:
    """Remind the candidates of every task due at `now` and mark it reminded; return how many
    tasks. The caller's boundary commits."""
    rows = due(now=now, limit=limit)
    for task, escalation in rows:
        notices.remind(escalation, task, age=now - task.created_at)
    if rows:
        db.session.execute(update(HumanTask).where(HumanTask.id.in_([t.id for t, _ in rows]))
                           .values(reminded_at=now))
    return len(rows)
