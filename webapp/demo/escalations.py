"""Demo escalations over the last weeks, each run through its template's process on a clock set
back to when it happened, so that lists, the dashboard and the inboxes have a history to show."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from webapp.accounts.models import Account
from webapp.audit.models import AuditEntry
from webapp.auth import service as users
from webapp.cases.models import OPEN_STATES, Case
from webapp.common.time import utcnow
from webapp.escalations import queries, service
from webapp.escalations.models import Approval, Escalation
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.service import EscalationRequest
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.journal.models import JournalEntry
from webapp.notifications.models import Notification

# Rows a step writes with the wall-clock time; each is moved back to the step's own moment.
STAMPED = ((JournalEntry, "created_at"), (AuditEntry, "at"), (Notification, "created_at"),
           (HumanTask, "created_at"), (Approval, "requested_at"), (Case, "updated_at"),
           (WorkflowInstance, "created_at"), (WorkflowInstance, "updated_at"))
PER_WEEK = [2, 2, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5]  # fourteen weeks ago … this week
WAITING = [timedelta(minutes=25), timedelta(hours=2, minutes=40), timedelta(hours=7),
           timedelta(hours=30), timedelta(days=3)]  # undecided requests, by age
LATELY = [timedelta(hours=3), timedelta(hours=5, minutes=30)]  # escalated today, still open
REASONS = {"inactivity": 3, "lack_of_progress": 5, "customer_imposed_deadline": 2}
CASE_REQUESTERS = ("alice", "grace", "henry")
JUSTIFICATIONS = ["Customer threatens to cancel the renewal.", "No progress for five days.",
                  "Go-live on Monday depends on this fix.", "Third reopen this month.",
                  "Executive sponsor called our VP."]
DECLINE_REASONS = ["Normal priority handling is enough.", "Duplicate of an open escalation."]
CLOSE_NOTES = ["Fix deployed and confirmed by the customer.", "Workaround accepted; monitoring.",
               "Customer confirmed the problem is gone."]


@dataclass(frozen=True)
class Plan:
    """One demo escalation: when it opened and what became of it (offsets from its opening)."""

    opened: datetime
    account: bool
    decided_after: timedelta | None  # None: still waiting for a decision
    declined: bool = False
    closed_after: timedelta | None = None
    requester: str = ""  # else one of CASE_REQUESTERS (dave for an account)


def _plans(rng: random.Random, now: datetime) -> list[Plan]:
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0,
                                                           microsecond=0)
    # alice, the demo's agent, has some of the undecided and the fresh ones on her home page
    plans = [Plan(now - age, account=n == 2, decided_after=None,
                  requester="alice" if n in (1, 3) else "")
             for n, age in enumerate(WAITING)]
    plans += [Plan(now - age, account=False, decided_after=timedelta(minutes=35),
                   requester="alice") for age in LATELY]
    for weeks_ago, count in enumerate(reversed(PER_WEEK)):
        for _ in range(count):
            opened = (monday - timedelta(weeks=weeks_ago, days=-rng.randint(0, 4))
                      + timedelta(hours=rng.randint(8, 17), minutes=rng.randint(0, 59)))
            if opened > now - timedelta(hours=8):
                continue
            plans.append(_outcome(rng, opened, now))
    return sorted(plans, key=lambda plan: plan.opened)


def _outcome(rng: random.Random, opened: datetime, now: datetime) -> Plan:
    decided = timedelta(minutes=rng.choice([8, 15, 25, 40, 70, 110, 180, 300, 420]))
    age = now - opened
    declined = rng.random() < 0.12
    closed = None
    if not declined and (age.days > 21 or rng.random() < age.days / 12):
        closed = decided + timedelta(hours=rng.randint(20, min(24 * 14, age.days * 20 + 20)))
    return Plan(opened, account=rng.random() < 0.2, decided_after=decided, declined=declined,
                closed_after=closed if closed is None or opened + closed < now else None)


@contextmanager
def _at(moment: datetime) -> Iterator[None]:
    """Run a step with the engine's clock at `moment`; rows it stamps are moved back to it."""
    config = current_app.config
    before, mark = config.get("CLOCK"), utcnow()
    config["CLOCK"] = lambda: moment
    try:
        yield
        db.session.flush()
        for model, column in STAMPED:
            stamp = getattr(model, column)
            db.session.execute(update(model).where(stamp >= mark).values({column: moment}),
                               execution_options={"synchronize_session": False})
    finally:
        if before is None:
            config.pop("CLOCK")
        else:
            config["CLOCK"] = before


class _Sources:
    """Open cases and accounts not yet escalated, handed out in a shuffled order."""

    def __init__(self, rng: random.Random) -> None:
        open_states = [state.value for state in OPEN_STATES]
        self.cases = list(db.session.scalars(select(Case).where(Case.state.in_(open_states))
                                             .order_by(Case.number)))
        self.accounts = list(db.session.scalars(select(Account).order_by(Account.number)))
        rng.shuffle(self.cases)
        rng.shuffle(self.accounts)

    def take(self, plan: Plan, rng: random.Random) -> Case | Account:
        if plan.account:
            return self.accounts.pop()
        case = self.cases.pop()
        case.opened_at = min(case.opened_at, plan.opened - timedelta(hours=rng.randint(3, 96)))
        return case


def _request(source: Case | Account, plan: Plan,
             rng: random.Random) -> tuple[EscalationRequest, str]:
    requester = plan.requester or ("dave" if isinstance(source, Account)
                                   else rng.choice(CASE_REQUESTERS))
    watchers = [name for name in ("alice", "carol") if name != requester and rng.random() < 0.35]
    form = EscalationRequest(
        severity=rng.choice(["High Severity", "Medium Severity", "Medium Severity"]),
        reason=rng.choices(list(REASONS), weights=list(REASONS.values()))[0],
        request_source=rng.choice(["customer", "customer", "internal"]),
        justification=rng.choice(JUSTIFICATIONS), watch_list=watchers,
        assignment_group="Escalation Management" if isinstance(source, Account) else "")
    return form, requester


def _decide(escalation: Escalation, rng: random.Random, *, reject: bool = False) -> None:
    for task in queries.open_tasks(escalation):
        decider = rng.choice(task.candidates)
        data = {"decision": "reject" if reject else "approve",
                "comment": rng.choice(DECLINE_REASONS) if reject else ""}
        tasks.complete(task_id=task.id, data=data, actor=decider)


def _run(plan: Plan, source: Case | Account, rng: random.Random) -> Escalation:
    form, requester = _request(source, plan, rng)
    actor = users.get_by_username(requester)
    with _at(plan.opened):
        escalation = service.request_escalation(source=source, form=form, actor=actor)
        escalation.opened_at = plan.opened
    if plan.decided_after is not None:
        with _at(plan.opened + plan.decided_after):
            _decide(escalation, rng, reject=plan.declined)
    if plan.closed_after is not None:
        with _at(plan.opened + plan.closed_after):
            service.de_escalate(escalation=escalation, actor=actor,
                                justification=rng.choice(CLOSE_NOTES))
            _decide(escalation, rng)  # a template that has de-escalation approved
    return escalation


def seed_escalations(*, now: Callable[[], datetime] = utcnow) -> int:
    """Run the demo escalations (the caller commits); old notifications count as read."""
    rng, moment = random.Random(11), now()
    sources = _Sources(rng)
    plans = _plans(rng, moment)
    for plan in plans:
        _run(plan, sources.take(plan, rng), rng)
    db.session.execute(update(Notification)
                       .where(Notification.created_at < moment - timedelta(days=2))
                       .values(read_at=Notification.created_at))
    return len(plans)
