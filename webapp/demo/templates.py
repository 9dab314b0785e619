"""The shipped escalation templates (bpmn/) and their settings."""

from __future__ import annotations

from webapp.escalations import lanes
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.authoring import BPMN_DIR
from webapp.escalations.templates.models import SourceType

SHIPPED = [
    {"file": "standard_case_escalation.bpmn", "name": "Standard Case Escalation",
     "type": SourceType.CASE, "is_default": True, "add_group_manager": True,
     "description": "Approval by the escalation approvers and the case group's manager; "
                    "first decision wins."},
    {"file": "standard_account_escalation.bpmn", "name": "Standard Account Escalation",
     "type": SourceType.ACCOUNT, "is_default": True, "add_group_manager": False,
     "description": "Approval by the escalation approvers; the escalation manager runs it."},
    {"file": "critical_case_escalation.bpmn", "name": "Critical Case Escalation",
     "type": SourceType.CASE, "is_default": False, "add_group_manager": False,
     "description": "Two approval levels with a one-hour handover; de-escalation needs "
                    "Escalation Management's approval."},
]
APPROVAL_GROUP = "Escalation Approvers"


def publish_shipped() -> int:
    """Publish each shipped template that does not exist yet (the caller commits)."""
    added = 0
    group = lanes.group_by_name(APPROVAL_GROUP)
    for entry in SHIPPED:
        if templates.get_by_name(entry["name"]) is not None:
            continue
        templates.publish(
            xml=(BPMN_DIR / entry["file"]).read_text(encoding="utf-8"), name=entry["name"],
            source_type=entry["type"], approval_group=group, is_default=entry["is_default"],
            add_group_manager=entry["add_group_manager"], description=entry["description"])
        added += 1
    return added
