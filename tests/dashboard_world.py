"""Escalations for the dashboard tests, each figure counted by hand below.

The clock stands at Friday 2026-11-27 09:00 UTC (the world's clock). The twelve weeks run from
Monday 7 September (week 0) to Sunday 29 November (week 11); the 90-day window from 30 August.

| id | state     | sev. | group (from)      | acct | reason   | opened          | oldest task   |
|----|-----------|------|-------------------|------|----------|-----------------|---------------|
| E1 | escalated | High | T1 (case)         | A    | inact.   | 26 Nov 08:00    |               |
| E2 | escalated | High | T1 (case)         | B    | progress | 23 Nov 00:00    | done          |
| E3 | requested | Med. | T1 (case)         | A    | deadline | 27 Nov 08:30    | 08:30: <1 h   |
| E4 | requested | Med. | T2 (case)         | B    | inact.   | 27 Nov 06:00    | 06:00: 1-4 h  |
| E5 | requested | High | Mgmt (own)        | A *  | progress | 26 Nov 20:00    | 20:00: 4-24 h |
| E6 | de-esc.   | Low  | T1 (case)         | A    | inact.   | 10 Nov 09:00    | 25 Nov: >1 d  |
| E7 | escalated | Med. | T1 (case)         | A    | progress | 16 Nov 09:00    |               |
| E8 | requested | Low  | T1 (case)         | A    | progress | 27 Nov 08:50    | 08:50: <1 h   |
| C1 | closed    | High | T1 (case)         | A    | inact.   | 5 Oct 09:00     |               |
| C2 | closed    | Med. | T2 (own; case T1) | B    | progress | 2 Nov 09:00     |               |
| C3 | declined  | Med. | T1 (case)         | B    | deadline | 22 Nov 23:59:59 |               |
| C4 | closed    | High | T1 (own)          | B *  | inact.   | 10 Sep 09:00    |               |
| C5 | closed    | High | T1 (case)         | A    | inact.   | 1 Jun 09:00     |               |
| C6 | closed    | Med. | T2 (case)         | A    | progress | 20 Aug 09:00    |               |

(* an account escalation; E4 has a second open task, from 08:45; T1 and T2 are Tier 1 and
Tier 2 Support, Mgmt is Escalation Management.)

Breached now: E1 and E6 (marked), and E7 (its SLA passed an hour ago: breached though the
worker has not marked it yet, as the lists count it); C1 was breached and is closed. Approve
times escalated in the window: 0 (C4), 20 min (C2), 30 min (E2), 1 h (E1), 2 h (E7, C1), 4 h
(E6): median 1 h. Times escalated of the escalations closed in the window: 1 d (C2), 3 d (C1),
10 d (C4), 12 d (C6): median 6 d 12 h.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tests.builders import make_account, make_case, make_escalation, make_group, make_open_task
from tests.escalation_world import World
from webapp.accounts.models import Account
from webapp.auth.models import Group
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import TaskState
from webapp.extensions import db
from webapp.severity import service as severities

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def at(day: str, clock: str = "09:00") -> datetime:
    """A UTC moment in 2026: at("26 Nov", "08:00"), at("22 Nov", "23:59:59")."""
    fmt = "%d %b %Y %H:%M:%S" if clock.count(":") == 2 else "%d %b %Y %H:%M"
    return datetime.strptime(f"{day} 2026 {clock}", fmt).replace(tzinfo=UTC)


@dataclass
class Counted:
    """The escalations of the table above by name, and the scopes they are counted in."""

    escalations: dict[str, Escalation]
    tier2: Group
    account_a: Account
    account_b: Account

    def __getitem__(self, name: str) -> Escalation:
        return self.escalations[name]


def build_counted(world: World) -> Counted:
    """Write the escalations of the table above (the world's clock must stand at NOW)."""
    severities.create(name="Low Severity", color="#5cb85c", order=3, response_time="P1D",
                      actor=None)
    tier2 = make_group(name="Tier 2 Support")
    a, b = make_account(name="Account A"), make_account(name="Account B")
    groups = {"tier1": world.tier1, "tier2": tier2, "management": world.management}
    reasons = {"inact.": "inactivity", "progress": "lack_of_progress",
               "deadline": "customer_imposed_deadline"}

    def case_escalation(group: str, account, reason: str, **fields) -> Escalation:
        case = make_case(account=account, assignment_group=groups[group])
        return make_escalation(case=case, reason=reasons[reason], **fields)

    def account_escalation(group: str, account, reason: str, **fields) -> Escalation:
        return make_escalation(account=account, assignment_group=groups[group],
                               reason=reasons[reason], **fields)

    e = {
        "E1": case_escalation("tier1", a, "inact.", state="escalated", severity="High Severity",
                              opened_at=at("26 Nov", "08:00"), escalated_at=at("26 Nov"),
                              sla_due_at=at("26 Nov", "13:00"),
                              sla_breached_at=at("26 Nov", "13:00")),
        "E2": case_escalation("tier1", b, "progress", state="escalated",
                              severity="High Severity", opened_at=at("23 Nov", "00:00"),
                              escalated_at=at("23 Nov", "00:30"),
                              sla_due_at=at("27 Nov", "10:00")),
        "E3": case_escalation("tier1", a, "deadline", severity="Medium Severity",
                              opened_at=at("27 Nov", "08:30")),
        "E4": case_escalation("tier2", b, "inact.", severity="Medium Severity",
                              opened_at=at("27 Nov", "06:00")),
        "E5": account_escalation("management", a, "progress", severity="High Severity",
                                 opened_at=at("26 Nov", "20:00")),
        "E6": case_escalation("tier1", a, "inact.", state="de_escalation_requested",
                              severity="Low Severity", opened_at=at("10 Nov"),
                              escalated_at=at("10 Nov", "13:00"), sla_due_at=at("11 Nov"),
                              sla_breached_at=at("11 Nov")),
        "E7": case_escalation("tier1", a, "progress", state="escalated",
                              severity="Medium Severity", opened_at=at("16 Nov"),
                              escalated_at=at("16 Nov", "11:00"),
                              sla_due_at=at("27 Nov", "08:00")),
        "E8": case_escalation("tier1", a, "progress", severity="Low Severity",
                              opened_at=at("27 Nov", "08:50")),
        "C1": case_escalation("tier1", a, "inact.", state="closed", severity="High Severity",
                              opened_at=at("5 Oct"), escalated_at=at("5 Oct", "11:00"),
                              closed_at=at("8 Oct", "11:00"), sla_due_at=at("5 Oct", "15:00"),
                              sla_breached_at=at("5 Oct", "15:00")),
        "C2": case_escalation("tier1", b, "progress", state="closed", assignment_group=tier2,
                              severity="Medium Severity", opened_at=at("2 Nov"),
                              escalated_at=at("2 Nov", "09:20"), closed_at=at("3 Nov", "09:20")),
        "C3": case_escalation("tier1", b, "deadline", state="declined",
                              severity="Medium Severity", opened_at=at("22 Nov", "23:59:59"),
                              closed_at=at("23 Nov", "03:00")),
        "C4": account_escalation("tier1", b, "inact.", state="closed", severity="High Severity",
                                 opened_at=at("10 Sep"), escalated_at=at("10 Sep"),
                                 closed_at=at("20 Sep")),
        "C5": case_escalation("tier1", a, "inact.", state="closed", severity="High Severity",
                              opened_at=at("1 Jun"), escalated_at=at("1 Jun", "10:00"),
                              closed_at=at("2 Jun", "10:00")),
        "C6": case_escalation("tier2", a, "progress", state="closed", severity="Medium Severity",
                              opened_at=at("20 Aug"), escalated_at=at("20 Aug", "17:00"),
                              closed_at=at("1 Sep", "17:00")),
    }
    approvers = [world.bob]
    make_open_task(e["E3"], created_at=at("27 Nov", "08:30"), candidates=approvers)
    make_open_task(e["E4"], created_at=at("27 Nov", "06:00"), candidates=approvers)
    make_open_task(e["E4"], created_at=at("27 Nov", "08:45"), candidates=[world.carol])
    make_open_task(e["E5"], created_at=at("26 Nov", "20:00"), candidates=approvers)
    make_open_task(e["E6"], created_at=at("25 Nov"), candidates=approvers,
                   name="Approve de-escalation")
    make_open_task(e["E8"], created_at=at("27 Nov", "08:50"), candidates=approvers)
    done = make_open_task(e["E2"], created_at=at("23 Nov", "00:00"), candidates=approvers)
    done.state = TaskState.COMPLETED.value
    db.session.commit()
    return Counted(escalations=e, tier2=tier2, account_a=a, account_b=b)
