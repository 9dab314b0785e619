"""The shipped escalation templates (bpmn/) and their settings."""

from __future__ import annotations

from webapp.escalations import lanes
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.authoring import BPMN_DIR
from webapp.escalations.templates.models import SourceType

# "earlier": the diagrams shipped before (content hashes); a template still on one of them gets
# the file as a new version (the standard ones lost their notify() calls, as the app now tells
# people of each move itself).
SHIPPED = [
    {"file": "standard_case_escalation.bpmn", "name": "Standard Case Escalation",
     "type": SourceType.CASE, "is_default": True, "add_group_manager": True,
     "description": "Approval by the escalation approvers and the case group's manager; "
                    "first decision wins.",
     "earlier": ("9bb4870b9c440e96384ab1903065eec55815443b1c6078e4a92a7a3a5b4a2d70",)},
    {"file": "standard_account_escalation.bpmn", "name": "Standard Account Escalation",
     "type": SourceType.ACCOUNT, "is_default": True, "add_group_manager": False,
     "description": "Approval by the escalation approvers; the escalation manager runs it.",
     "earlier": ("24d450ddf6d5609e8fd3d787146ce17697684a32e8492e3b5fcf66718b3fc693",)},
    {"file": "critical_case_escalation.bpmn", "name": "Critical Case Escalation",
     "type": SourceType.CASE, "is_default": False, "add_group_manager": False,
     "description": "Two approval levels with a one-hour handover; an SLA breach hands the "
                    "escalation to Escalation Management, whose approval de-escalation needs.",
     "earlier": ("52c0de2bb0b41c700181b0b56409fc7edaff7d6cfe33333072215e79f82adfa0",
                 "1c0f053fcae5c72218a35ee7899af303295fc162151933b0c8ec5a75bc2a44e1")},
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
