"""The filters an escalation list gets from links (the dashboard's, the home page's) rather than
from its form, said in words and kept as query arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webapp.accounts.models import Account
from webapp.auth import service as users
from webapp.auth.models import Group
from webapp.escalations import waiting
from webapp.escalations.queries import EscalationFilters
from webapp.escalations.states import Reason
from webapp.extensions import db

WAITING = {waiting.ANY: "for a decision",
           **{bucket.key: f"for a decision, {bucket.label}" for bucket in waiting.AGE_BUCKETS}}


@dataclass(frozen=True)
class Narrowing:
    """One filter: what it is called, its value in words, and the query arguments that make it."""

    label: str
    text: str
    args: dict[str, str]

    @property
    def cleared(self) -> dict[str, None]:
        """The query arguments that remove this filter from a URL."""
        return dict.fromkeys(self.args)


def _day(value: date | None) -> str:
    return value.strftime("%-d %b %Y") if value else "…"


def _person(username: str) -> str:
    user = users.get_by_username(username)
    return user.full_name if user is not None else username


def describe(filters: EscalationFilters) -> list[Narrowing]:
    """The link-made filters of `filters`, in words."""
    found = []
    if filters.reason:
        found.append(Narrowing("Reason", Reason(filters.reason).label,
                               {"reason": filters.reason}))
    if filters.group_id:
        group = db.session.get(Group, filters.group_id)
        found.append(Narrowing("Group", group.name if group else "none such",
                               {"group": str(filters.group_id)}))
    if filters.account_id:
        account = db.session.get(Account, filters.account_id)
        found.append(Narrowing("Account", account.name if account else "none such",
                               {"account": str(filters.account_id)}))
    if filters.requested_by:
        found.append(Narrowing("Requested by", _person(filters.requested_by),
                               {"requested_by": filters.requested_by}))
    if filters.watcher:
        found.append(Narrowing("Watched by", _person(filters.watcher),
                               {"watcher": filters.watcher}))
    if filters.waiting:
        found.append(Narrowing("Waiting", WAITING[filters.waiting], {"waiting": filters.waiting}))
    for days in filters.days:
        args = {f"{days.moment}_{end}": value.isoformat() for end, value in
                (("from", days.first), ("to", days.last)) if value is not None}
        found.append(Narrowing(days.moment.capitalize(),
                               f"{_day(days.first)} – {_day(days.last)}", args))
    return found
