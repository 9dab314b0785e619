"""The personal home page: what I asked to escalate, what waits for my decision, what I watch."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.auth.models import User
from webapp.cases import service as cases
from webapp.cases.models import Case
from webapp.common.pagination import Page
from webapp.escalations import queries
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks

SHOWN = 10


@dataclass(frozen=True)
class MyWork:
    """The first rows of each of a user's lists, with how many each has in all."""

    requested: Page  # my open escalations (requested by me)
    decisions: list[tuple[HumanTask, Escalation]]  # open tasks I may decide, oldest first
    watched: Page  # open escalations whose watch list has me
    cases: list[Case]  # the most urgent open cases assigned to me or my groups
    cases_total: int

    @property
    def decisions_shown(self) -> list[tuple[HumanTask, Escalation]]:
        return self.decisions[:SHOWN]


def _open_escalations(**filters: str) -> Page:
    page, _ = queries.list_escalations(filters=queries.EscalationFilters(open_only=True, **filters),
                                       sort=None, page=1, per_page=SHOWN)
    return page


def my_work(*, user: User) -> MyWork:
    """What `user`'s home page lists."""
    return MyWork(requested=_open_escalations(requested_by=user.username),
                  decisions=tasks.list_open_for(user),
                  watched=_open_escalations(watcher=user.username),
                  cases=cases.list_my_open_cases(user=user, limit=SHOWN),
                  cases_total=cases.count_my_open_cases(user=user))
