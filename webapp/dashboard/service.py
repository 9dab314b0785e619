"""The dashboard's figures, each counted by one SQL aggregate and linked to the list behind it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import url_for
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import joinedload

from webapp.accounts.models import Account
from webapp.auth.models import Group, User
from webapp.auth.roles import Role
from webapp.dashboard.sql import seconds_between
from webapp.errors import ValidationFailed
from webapp.escalations import sla_status, waiting
from webapp.escalations.models import Escalation
from webapp.escalations.queries import Days, in_group, start_of
from webapp.escalations.states import ACTIVE_STATES, EscalationState, Reason
from webapp.extensions import db
from webapp.severity.models import Severity

ROLES = (Role.MANAGER, Role.ESCALATION_MANAGER, Role.ADMIN)
WEEKS = 12
WINDOW_DAYS = 90
HOTTEST = 10
OPEN = sorted(state.value for state in ACTIVE_STATES)
REASON_COLORS = {Reason.INACTIVITY: "#20c997", Reason.LACK_OF_PROGRESS: "#6f42c1",
                 Reason.CUSTOMER_IMPOSED_DEADLINE: "#0d6efd"}
SOURCE_TYPES = {"case": ("Cases", "#0dcaf0"), "account": ("Accounts", "#6610f2")}
SCOPE_NAMES = {"group": "assignment group", "account": "account"}  # each takes "an"
AGE_COLORS = {"under-1h": "#198754", "1h-4h": "#ffc107", "4h-24h": "#fd7e14",
              "over-1d": "#dc3545"}


def may_see(user: User) -> bool:
    """Managers, escalation managers and admins have the dashboard as their home page."""
    return any(user.has_role(role) for role in ROLES)


@dataclass(frozen=True)
class Scope:
    """What the figures are narrowed to: an assignment group, an account, or both."""

    group: Group | None = None
    account: Account | None = None

    @property
    def conditions(self) -> list[ColumnElement[bool]]:
        found = [in_group(self.group.id)] if self.group is not None else []
        if self.account is not None:
            found.append(Escalation.account_id == self.account.id)
        return found

    @property
    def args(self) -> dict[str, int]:
        """The query arguments that narrow a list (and the dashboard) the same way."""
        return {name: record.id for name, record in (("group", self.group),
                                                     ("account", self.account)) if record}


def _record(model: type, raw: str, what: str, errors: dict[str, str]) -> Any:
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        errors[what] = f"{raw[:40]!r} is not the id of an {SCOPE_NAMES[what]}: use a number."
        return None
    found = db.session.get(model, int(raw))
    if found is None:
        errors[what] = f"There is no {SCOPE_NAMES[what]} with id {raw}."
    return found


def scope_from(*, group: str | None, account: str | None) -> Scope:
    """The scope named by the `group` and `account` ids of a request; ValidationFailed when one
    names nothing."""
    errors: dict[str, str] = {}
    scope = Scope(group=_record(Group, (group or "").strip(), "group", errors),
                  account=_record(Account, (account or "").strip(), "account", errors))
    if errors:
        raise ValidationFailed("The dashboard cannot be filtered so: " + " ".join(
            errors.values()), fields=errors)
    return scope


def _is_open() -> ColumnElement[bool]:
    return Escalation.state.in_(OPEN)


class Figures:
    """Every figure of the dashboard for one scope at one moment."""

    def __init__(self, *, scope: Scope, now: datetime) -> None:
        self.scope, self.now = scope, now
        today = now.date()
        self.window = (today - timedelta(days=WINDOW_DAYS - 1), today)
        monday = today - timedelta(days=today.weekday())
        self.weeks = [monday - timedelta(weeks=WEEKS - 1 - n) for n in range(WEEKS)]

    def link(self, **args: Any) -> str:
        """The escalation list behind a figure, in this scope."""
        return url_for("escalations.index", **self.scope.args, **args)

    def as_dict(self) -> dict[str, Any]:
        """All the figures, as the JSON endpoint sends them and the page shows them."""
        by_severity, opened = self.by_severity(), self.opened_per_week()
        return {
            "now": self.now.isoformat(),
            "scope": {"group": self.scope.group.name if self.scope.group else None,
                      "account": self.scope.account.name if self.scope.account else None},
            "open": {"count": sum(s["count"] for s in by_severity), "url": self.link(open=1),
                     "by_severity": by_severity},
            "breached": {"count": sum(s["breached"] for s in by_severity),
                         "url": self.link(open=1, breached="true")},
            "waiting": self.waiting(),
            "time_to_approve": self.median(
                "escalated", Escalation.opened_at, Escalation.escalated_at),
            "time_escalated": self.median(
                "closed", Escalation.escalated_at, Escalation.closed_at,
                Escalation.state == EscalationState.CLOSED.value, state="closed"),
            "weeks": [{"start": monday.isoformat(), "label": monday.strftime("%-d %b"),
                       "url": self.link(**self._week_args(monday))} for monday in self.weeks],
            "by_reason": self.weekly(opened, {
                reason.value: (reason.label, REASON_COLORS[reason]) for reason in Reason},
                arg="reason"),
            "by_source_type": self.weekly(opened, SOURCE_TYPES, arg="source_type"),
            "hottest": self.hottest(),
        }

    def by_severity(self) -> list[dict[str, Any]]:
        """Open escalations and the breached ones among them, by severity (most severe first)."""
        query = (select(Escalation.severity_id, func.count(),
                        func.count(case((sla_status.breached_clause(self.now), 1))))
                 .where(_is_open(), *self.scope.conditions).group_by(Escalation.severity_id))
        counts = {severity_id: (n, breached)
                  for severity_id, n, breached in db.session.execute(query)}
        severities = db.session.scalars(select(Severity).order_by(Severity.order, Severity.name))
        return [{"id": s.id, "name": s.name, "color": s.color,
                 "count": counts.get(s.id, (0, 0))[0], "breached": counts.get(s.id, (0, 0))[1],
                 "url": self.link(open=1, severity=s.id)}
                for s in severities if s.active or s.id in counts]

    def waiting(self) -> dict[str, Any]:
        """Escalations waiting for a decision, by how long their oldest open task has waited."""
        since = waiting.since_query()
        bucket = case(*((b.holds(since.c.since, now=self.now), b.key)
                        for b in waiting.AGE_BUCKETS))
        inner = (select(bucket.label("bucket")).select_from(since)
                 .join(Escalation, Escalation.id == since.c.escalation_id)
                 .where(*self.scope.conditions).subquery())
        counts = dict(db.session.execute(
            select(inner.c.bucket, func.count()).group_by(inner.c.bucket)).all())
        by_age = [{"key": b.key, "label": b.label, "color": AGE_COLORS[b.key],
                   "count": counts.get(b.key, 0), "url": self.link(waiting=b.key)}
                  for b in waiting.AGE_BUCKETS]
        return {"count": sum(b["count"] for b in by_age), "url": self.link(waiting=waiting.ANY),
                "by_age": by_age}

    def median(self, moment: str, start: Any, end: Any, *conditions: ColumnElement[bool],
               **list_args: str) -> dict[str, Any]:
        """The median of `end - start` over the escalations whose `moment` fell in the window:
        the middle one or two of the durations ranked in one query."""
        first, last = self.window
        duration = seconds_between(start, end)
        ranked = (select(duration.label("seconds"),
                         func.row_number().over(order_by=duration).label("rank"),
                         func.count().over().label("count"))
                  .where(Days(moment, first, last).holds(), start.is_not(None), *conditions,
                         *self.scope.conditions).subquery())
        middle = db.session.execute(select(ranked.c.seconds, ranked.c.count).where(
            ranked.c.rank >= (ranked.c.count + 1) // 2,
            ranked.c.rank <= ranked.c.count // 2 + 1)).all()
        seconds = round(sum(row.seconds for row in middle) / len(middle)) if middle else None
        text = (sla_status.duration_words(timedelta(seconds=seconds)) if seconds is not None
                else "—")
        return {"seconds": seconds, "text": text,
                "count": middle[0].count if middle else 0, "days": WINDOW_DAYS,
                "url": self.link(**list_args, **{f"{moment}_from": first.isoformat(),
                                                 f"{moment}_to": last.isoformat()})}

    def _week_args(self, monday: date, **args: str) -> dict[str, str]:
        return {"opened_from": monday.isoformat(),
                "opened_to": (monday + timedelta(days=6)).isoformat(), **args}

    def opened_per_week(self) -> Counter[tuple[int, str, str]]:
        """How many escalations opened in each of the last WEEKS weeks, by reason and source
        type: {(week, reason, source type): count}, week 0 the oldest."""
        starts = [start_of(monday) for monday in self.weeks]
        week = case(*((Escalation.opened_at >= start, n)
                      for n, start in reversed(list(enumerate(starts)))))
        inner = (select(week.label("week"), Escalation.reason, Escalation.source_type)
                 .where(Escalation.opened_at >= starts[0],
                        Escalation.opened_at < starts[-1] + timedelta(weeks=1),
                        *self.scope.conditions).subquery())
        return Counter({(n, reason, source_type): count
                        for n, reason, source_type, count in db.session.execute(
                            select(inner.c.week, inner.c.reason, inner.c.source_type,
                                   func.count())
                            .group_by(inner.c.week, inner.c.reason, inner.c.source_type))})

    def weekly(self, opened: Counter[tuple[int, str, str]], series: dict[str, tuple[str, str]],
               *, arg: str) -> list[dict[str, Any]]:
        """One series per value of `arg` (reason or source_type; `series` names each value's
        label and colour) of the escalations opened per week."""
        at = 1 if arg == "reason" else 2
        counts: Counter[tuple[int, str]] = Counter()
        for key, count in opened.items():
            counts[key[0], key[at]] += count
        whole = {"opened_from": self.weeks[0].isoformat(),
                 "opened_to": (self.weeks[-1] + timedelta(days=6)).isoformat()}
        return [{"key": value, "label": label, "color": color,
                 "counts": [counts[n, value] for n in range(WEEKS)],
                 "urls": [self.link(**self._week_args(monday, **{arg: value}))
                          for monday in self.weeks],
                 "url": self.link(**whole, **{arg: value})}
                for value, (label, color) in series.items()]

    def hottest(self) -> dict[str, Any]:
        """The open escalations whose SLA is nearest its end or past it (breached first)."""
        query = (select(Escalation)
                 .options(joinedload(Escalation.case), joinedload(Escalation.account))
                 .where(_is_open(), Escalation.sla_due_at.is_not(None), *self.scope.conditions)
                 .order_by(case((sla_status.breached_clause(self.now), 0), else_=1),
                           Escalation.sla_due_at, Escalation.id)
                 .limit(HOTTEST))
        return {"url": self.link(open=1, sort="sla_due_at"),
                "rows": [self._hot_row(e) for e in db.session.scalars(query)]}

    def _hot_row(self, e: Escalation) -> dict[str, Any]:
        left = (e.sla_due_at - self.now).total_seconds()
        sla = sla_status.status_of(e, now=self.now)
        return {"number": e.number, "url": url_for("escalations.show", number=e.number),
                "severity": e.severity.name, "color": e.severity.color, "state": e.state,
                "source": e.source_number, "account": e.account.name,
                "short_description": e.case.short_description if e.case else "",
                "sla_due_at": e.sla_due_at.isoformat(), "seconds_left": round(left),
                "breached": sla.breached, "due": sla.words}


def figures(*, scope: Scope, now: datetime) -> dict[str, Any]:
    """Every figure of the dashboard for `scope` at `now`, each with the URL of its list."""
    return Figures(scope=scope, now=now).as_dict()
