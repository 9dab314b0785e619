"""Reading escalations: lists with filters, and what the escalation form shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from webapp.accounts.models import Account
from webapp.audit import service as audit
from webapp.auth.models import User
from webapp.cases.models import Case
from webapp.common.pagination import NullsLast, Page, apply_sort, paginate
from webapp.common.time import app_now
from webapp.escalations import sla_status, waiting
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask, TaskState, WorkflowInstance
from webapp.escalations.states import ACTIVE_STATES, EscalationState
from webapp.extensions import db
from webapp.journal import service as journal
from webapp.notifications.models import Notification
from webapp.severity.models import Severity

ESCALATED_STATES = (EscalationState.ESCALATED, EscalationState.DE_ESCALATION_REQUESTED)
SORT_COLUMNS = {"number": Escalation.number, "state": Escalation.state,
                "opened_at": Escalation.opened_at, "sla_due_at": sla_status.due_order()}
# A list may be narrowed to the days (UTC, both included) one of these moments fell on.
MOMENTS = {"opened": Escalation.opened_at, "escalated": Escalation.escalated_at,
           "closed": Escalation.closed_at}


@dataclass(frozen=True)
class Days:
    """The days, both included, on which one of an escalation's MOMENTS fell."""

    moment: str
    first: date | None = None
    last: date | None = None

    def holds(self) -> ColumnElement[bool]:
        """A condition: the moment fell on one of these days."""
        column, conditions = MOMENTS[self.moment], []
        if self.first is not None:
            conditions.append(column >= start_of(self.first))
        if self.last is not None:
            conditions.append(column < start_of(self.last + timedelta(days=1)))
        return and_(column.is_not(None), *conditions)


def start_of(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime.combine(day, time(), tzinfo=UTC)


@dataclass(frozen=True)
class EscalationFilters:
    """What an escalation list is narrowed by."""

    q: str = ""
    state: str = ""
    severity_id: int | None = None
    source_type: str = ""
    source: str = ""
    open_only: bool = False
    reason: str = ""
    group_id: int | None = None
    account_id: int | None = None
    requested_by: str = ""  # a username
    watcher: str = ""  # a username
    waiting: str = ""  # waiting.ANY or the key of an age bucket
    days: tuple[Days, ...] = ()
    breached: bool | None = None  # the SLA breached (True), not breached (False), or either


def in_group(group_id: int) -> ColumnElement[bool]:
    """A condition: the escalation is the group's (its own assignment group, else its case's)."""
    cases = select(Case.id).where(Case.assignment_group_id == group_id)
    return or_(Escalation.assignment_group_id == group_id,
               and_(Escalation.assignment_group_id.is_(None), Escalation.case_id.in_(cases)))


def waiting_for_decision(bucket: str, *, now: datetime) -> ColumnElement[bool]:
    """A condition: the escalation has an open task (whose oldest is of age `bucket`)."""
    since = waiting.since_query()
    found = select(since.c.escalation_id)
    if bucket in waiting.BY_KEY:
        found = found.where(waiting.BY_KEY[bucket].holds(since.c.since, now=now))
    return Escalation.id.in_(found)


def _narrowed(query: Select, filters: EscalationFilters, now: datetime) -> Select:
    if filters.reason:
        query = query.where(Escalation.reason == filters.reason)
    if filters.group_id:
        query = query.where(in_group(filters.group_id))
    if filters.account_id:
        query = query.where(Escalation.account_id == filters.account_id)
    if filters.requested_by:
        query = query.where(Escalation.requested_by.has(User.username == filters.requested_by))
    if filters.watcher:
        query = query.where(Escalation.watch_list.any(User.username == filters.watcher))
    if filters.waiting:
        query = query.where(waiting_for_decision(filters.waiting, now=now))
    if filters.breached is not None:
        breached = sla_status.breached_clause(now)
        query = query.where(breached if filters.breached else not_(breached))
    return query.where(*(days.holds() for days in filters.days))


def _filtered(filters: EscalationFilters, now: datetime) -> Select:
    query = select(Escalation).options(
        joinedload(Escalation.case), joinedload(Escalation.account),
        joinedload(Escalation.requested_by))
    if filters.q:
        query = query.where(Escalation.number == filters.q.strip().upper())
    if filters.open_only:
        query = query.where(Escalation.state.in_([s.value for s in ACTIVE_STATES]))
    if filters.state:
        query = query.where(Escalation.state == filters.state)
    if filters.severity_id:
        query = query.where(Escalation.severity_id == filters.severity_id)
    if filters.source_type:
        query = query.where(Escalation.source_type == filters.source_type)
    if filters.source:
        number = filters.source.strip().upper()
        query = query.where(or_(Escalation.case.has(Case.number == number),
                                Escalation.account.has(Account.number == number)
                                & (Escalation.source_type == "account")))
    return _narrowed(query, filters, now)


def list_escalations(*, filters: EscalationFilters, sort: str | None, page: int,
                     per_page: int, now: datetime | None = None) -> tuple[Page, str]:
    """One page of escalations, newest first by default, and the sort key used; `now` (the
    app's by default) decides which SLAs are breached and how long approvals have waited."""
    query, key = apply_sort(_filtered(filters, now or app_now()), sort=sort,
                            columns=SORT_COLUMNS, default="-opened_at", tiebreak=Escalation.id)
    return paginate(query, page=page, per_page=per_page), key


def instance_of(escalation: Escalation) -> WorkflowInstance | None:
    """The escalation's process instance row."""
    return db.session.scalar(select(WorkflowInstance)
                             .where(WorkflowInstance.escalation_id == escalation.id))


def open_tasks(escalation: Escalation) -> list[HumanTask]:
    """The escalation's open human tasks."""
    instance = instance_of(escalation)
    if instance is None:
        return []
    return [t for t in instance.tasks if t.state == TaskState.OPEN.value]


def activity(escalation: Escalation) -> tuple[list, list]:
    """The escalation's journal entries and audit history, newest first."""
    return (journal.list_for(record_type="escalation", record_id=escalation.id),
            audit.list_for(record_type="escalation", record_id=escalation.id))


def escalated_case_ids() -> Select:
    """A query of the ids of the cases escalated now (requested but undecided ones are not)."""
    return select(Escalation.case_id).where(
        Escalation.source_type == "case",
        Escalation.state.in_([state.value for state in ESCALATED_STATES]))


def case_loader_options() -> list[LoaderOption]:
    """Load the escalation in force with each case of a list, in one more query."""
    return [selectinload(Case.active_escalation)]


def account_loader_options() -> list[LoaderOption]:
    """Load the escalation in force with each account of a list, in one more query."""
    return [selectinload(Account.active_escalation)]


def case_sort_columns() -> dict[str, NullsLast]:
    """What a case list may also sort by: its escalation in force's SLA due, empty ones last."""
    due = (select(Escalation.sla_due_at)
           .where(Escalation.case_id == Case.id, Escalation.source_type == "case",
                  Escalation.state.in_([s.value for s in ACTIVE_STATES]))
           .correlate(Case).scalar_subquery())
    return {"sla_due_at": NullsLast(due)}


def count_by_severity() -> dict[int, int]:
    """How many escalations, in any state, use each severity, by severity id."""
    query = select(Escalation.severity_id, func.count()).group_by(Escalation.severity_id)
    return dict(db.session.execute(query).all())


def numbers_by_id(ids: set[int]) -> dict[int, str]:
    """The numbers of these escalations, by id (one query)."""
    if not ids:
        return {}
    query = select(Escalation.id, Escalation.number).where(Escalation.id.in_(ids))
    return {escalation_id: number for escalation_id, number in db.session.execute(query)}


def severity_labels(rows: list[Notification]) -> dict[int, tuple[str, str]]:
    """The severity (name, colour) of the escalation each notification is about, directly or
    through one of its tasks, by notification id: two queries for any number of rows."""
    wanted = {kind: {n.record_id for n in rows if n.record_type == kind and n.record_id}
              for kind in ("escalation", "task")}
    found: dict[tuple[str, int], tuple[str, str]] = {}
    if wanted["escalation"]:
        query = (select(Escalation.id, Severity.name, Severity.color)
                 .join(Severity, Escalation.severity_id == Severity.id)
                 .where(Escalation.id.in_(wanted["escalation"])))
        found |= {("escalation", i): (name, color) for i, name, color in db.session.execute(query)}
    if wanted["task"]:
        query = (select(HumanTask.id, Severity.name, Severity.color)
                 .join(WorkflowInstance, HumanTask.instance_id == WorkflowInstance.id)
                 .join(Escalation, WorkflowInstance.escalation_id == Escalation.id)
                 .join(Severity, Escalation.severity_id == Severity.id)
                 .where(HumanTask.id.in_(wanted["task"])))
        found |= {("task", i): (name, color) for i, name, color in db.session.execute(query)}
    return {n.id: found[(n.record_type, n.record_id)] for n in rows
            if (n.record_type, n.record_id) in found}
