"""Records as the JSON the API returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from webapp.accounts.models import Account
from webapp.cases.models import Case
from webapp.common.pagination import Page
from webapp.common.time import app_now
from webapp.escalations import queries, sla_status
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.notifications.kinds import Kind
from webapp.notifications.models import Notification


def _time(value) -> str | None:
    return value.isoformat() if value else None


def _user(user) -> str | None:
    return user.username if user is not None else None


def color_of(escalation: Escalation | None) -> str | None:
    """The hex colour of an active escalation's severity, or None."""
    return escalation.severity.color if escalation is not None else None


def case(c: Case) -> dict[str, Any]:
    """Every field of a case, with its escalation."""
    return {
        "number": c.number, "account": c.account.number,
        "contact": c.contact.name if c.contact else None,
        "short_description": c.short_description, "description": c.description,
        "priority": c.priority, "state": c.state,
        "assignment_group": c.assignment_group.name if c.assignment_group else None,
        "assigned_to": _user(c.assigned_to), "opened_at": _time(c.opened_at),
        "active_escalation": c.active_escalation.number if c.active_escalation else None,
        "escalation_color": color_of(c.active_escalation),
    }


def account(a: Account, cases: list[Case]) -> dict[str, Any]:
    """An account with its escalation and its cases' numbers."""
    return {
        "number": a.number, "name": a.name, "tier": a.tier,
        "account_team": [u.username for u in a.team],
        "active_escalation": a.active_escalation.number if a.active_escalation else None,
        "escalation_color": color_of(a.active_escalation),
        "cases": [c.number for c in cases],
    }


def escalation(e: Escalation, *, full: bool = True,
               now: datetime | None = None) -> dict[str, Any]:
    """Every field of an escalation, its SLA at `now` (the app's by default); with `full`,
    approvals, related cases and history."""
    sla = sla_status.status_of(e, now=now or app_now())
    data = {
        "number": e.number, "source_type": e.source_type, "source": e.source_number,
        "account": e.account.number, "state": e.state, "request_source": e.request_source,
        "reason": e.reason, "severity": e.severity.name, "severity_color": e.severity.color,
        "template": e.template.name, "template_version": e.template_version.number,
        "justification": e.justification, "decline_reason": e.decline_reason,
        "de_escalation_justification": e.de_escalation_justification, "trend": e.trend,
        "watch_list": [u.username for u in e.watch_list],
        "requested_by": _user(e.requested_by), "approved_by": _user(e.approved_by),
        "declined_by": _user(e.declined_by), "de_escalated_by": _user(e.de_escalated_by),
        "assignment_group": e.assignment_group.name if e.assignment_group else None,
        "assigned_to": _user(e.assigned_to), "opened_at": _time(e.opened_at),
        "escalated_at": _time(e.escalated_at), "closed_at": _time(e.closed_at),
        "sla_due_at": _time(e.sla_due_at), "sla_breached_at": _time(e.sla_breached_at),
        "sla_breached": sla.breached, "sla_state": sla.state.value,
    }
    if full:
        notes, history = queries.activity(e)
        data["approvals"] = [{"approver": _user(a.approver), "state": a.state,
                              "comment": a.comment, "decided_at": _time(a.decided_at)}
                             for a in e.approvals]
        data["related_cases"] = [r.case.number for r in e.related_cases]
        data["history"] = [{"action": h.action, "by": _user(h.actor), "at": _time(h.at),
                            "before": h.before, "after": h.after} for h in history]
        data["activity"] = [{"kind": n.kind, "by": _user(n.author), "at": _time(n.created_at),
                             "text": n.text} for n in notes]
    return data


def task(t: HumanTask, e: Escalation) -> dict[str, Any]:
    """An open human task with its form."""
    return {
        "id": t.id, "name": t.name, "escalation": e.number, "lane": t.lane,
        "created_at": _time(t.created_at),
        "form": [{"id": f["id"], "label": f["label"], "type": f["type"],
                  "options": [o["id"] for o in f["options"]], "required": f["required"]}
                 for f in t.form],
    }


def page(p: Page, items: list[dict[str, Any]]) -> dict[str, Any]:
    """A page of results with its position."""
    return {"results": items, "page": p.page, "per_page": p.per_page, "total": p.total,
            "pages": p.pages}


def notification(n: Notification) -> dict[str, Any]:
    """One in-app notification, with the record it is about."""
    return {"id": n.id, "kind": n.kind, "subject": n.subject, "body": n.body,
            "record": {"type": n.record_type, "id": n.record_id},
            "created_at": _time(n.created_at), "read_at": _time(n.read_at)}


def preferences(rows: list[tuple[Kind, bool]]) -> list[dict[str, Any]]:
    """Each kind of notification, who gets it, and whether it is e-mailed to the caller."""
    return [{"kind": kind.name, "label": kind.label, "who": kind.who, "email": on}
            for kind, on in rows]
