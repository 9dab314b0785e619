"""The variables an escalation's process starts with (the template contract)."""

from __future__ import annotations

from typing import Any

from webapp.escalations import lanes
from webapp.escalations.models import Escalation


def _name(user) -> str | None:
    return user.username if user is not None else None


def build(escalation: Escalation) -> dict[str, Any]:
    """`escalation`, `case`, `account`, `template`, `sla_duration` and `approval_required`."""
    case, account, template = escalation.case, escalation.account, escalation.template
    return {
        "escalation": {
            "number": escalation.number, "source_type": escalation.source_type,
            "severity": escalation.severity.name, "reason": escalation.reason,
            "request_source": escalation.request_source,
            "justification": escalation.justification,
            "requested_by": _name(escalation.requested_by),
        },
        "case": None if case is None else {
            "number": case.number, "short_description": case.short_description,
            "priority": case.priority,
            "assignment_group": case.assignment_group.name if case.assignment_group else None,
            "assigned_to": _name(case.assigned_to),
        },
        "account": {"number": account.number, "name": account.name, "tier": account.tier},
        "template": {"name": template.name, "type": template.type,
                     "skip_approval": template.skip_approval},
        "sla_duration": escalation.severity.response_time,
        "approval_required": not template.skip_approval and bool(lanes.approvers(escalation)),
    }
