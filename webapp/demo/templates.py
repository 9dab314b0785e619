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
     "description": "Two approval levels with a one-hour handover; an SLA breach hands the "
                    "escalation to Escalation Management, whose approval de-escalation needs.",
     # Earlier shipped diagrams: a template still on one of them gets this file as a new version.
     "earlier": ("52c0de2bb0b41c700181b0b56409fc7edaff7d6cfe33333072215e79f82adfa0",)},
]
APPROVAL_GROUP = "Escalation Approvers"


def publish_shipped() -> int:
    """Publish each shipped template that does not exist yet, and the new diagram of each that
    is still on an earlier shipped one (never over a version someone published since); the
    caller commits. Return how many versions were published."""
    added = 0
    group = lanes.group_by_name(APPROVAL_GROUP)
    for entry in SHIPPED:
        xml = (BPMN_DIR / entry["file"]).read_text(encoding="utf-8")
        template = templates.get_by_name(entry["name"])
        if template is None:
            templates.publish(
                xml=xml, name=entry["name"], source_type=entry["type"], approval_group=group,
                is_default=entry["is_default"], add_group_manager=entry["add_group_manager"],
                description=entry["description"])
        elif _on_earlier_shipped(template, entry):
            templates.publish(xml=xml, name=entry["name"], source_type=entry["type"])
        else:
            continue
        added += 1
    return added


def _on_earlier_shipped(template, entry: dict) -> bool:
    latest = template.latest_version
    return latest is not None and latest.spec_hash in entry.get("earlier", ())
