"""Escalations waiting for a decision: since when, and in which age bucket that puts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Subquery, and_, func, select

from webapp.escalations.process.models import HumanTask, TaskState, WorkflowInstance


@dataclass(frozen=True)
class AgeBucket:
    """How long a decision has been waiting: at least `least`, less than `under` (if any)."""

    key: str
    label: str
    least: timedelta
    under: timedelta | None

    def holds(self, since: ColumnElement[datetime], *, now: datetime) -> ColumnElement[bool]:
        """A condition: a wait that started at `since` has this age at `now`."""
        started_early_enough = since <= now - self.least
        if self.under is None:
            return started_early_enough
        return and_(started_early_enough, since > now - self.under)


AGE_BUCKETS = (
    AgeBucket("under-1h", "< 1 h", timedelta(0), timedelta(hours=1)),
    AgeBucket("1h-4h", "1–4 h", timedelta(hours=1), timedelta(hours=4)),
    AgeBucket("4h-24h", "4–24 h", timedelta(hours=4), timedelta(hours=24)),
    AgeBucket("over-1d", "> 1 d", timedelta(hours=24), None),
)
BY_KEY = {bucket.key: bucket for bucket in AGE_BUCKETS}
ANY = "any"


def since_query() -> Subquery:
    """Each escalation with an open task, and when its oldest open task was created (`since`)."""
    return (select(WorkflowInstance.escalation_id.label("escalation_id"),
                   func.min(HumanTask.created_at).label("since"))
            .join(HumanTask, HumanTask.instance_id == WorkflowInstance.id)
            .where(HumanTask.state == TaskState.OPEN.value)
            .group_by(WorkflowInstance.escalation_id)
            .subquery("waiting"))
