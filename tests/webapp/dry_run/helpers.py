"""Running the shipped templates dry, and reading reports in a few words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from webapp.demo.templates import BPMN_DIR, SHIPPED
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.dry_run import dry_run
from webapp.escalations.templates.dry_run_records import DryRun
from webapp.severity import service as severities

STANDARD_CASE = "Standard Case Escalation"
STANDARD_ACCOUNT = "Standard Account Escalation"
CRITICAL = "Critical Case Escalation"
# The guide's example: the account template with a reminder when the response time passes.
SLA_REMINDER = (Path(__file__).resolve().parents[3] / "docs" / "examples"
                / "account_escalation_sla_reminder.bpmn")


def shipped_xml(name: str) -> str:
    """The diagram of a shipped template, as the file in bpmn/ has it."""
    (entry,) = [e for e in SHIPPED if e["name"] == name]
    return (BPMN_DIR / entry["file"]).read_text(encoding="utf-8")


def run(world, name: str, source, decisions: list[str], *, xml: str | None = None,
        **options: Any) -> DryRun:
    """Dry-run a shipped template (or `xml` under its settings) as alice, with High Severity."""
    options.setdefault("template", templates.get_by_name(name))
    return dry_run(xml=xml or shipped_xml(name), source=source,
                   severity=severities.get_by_name("High Severity"), decisions=decisions,
                   requester=world.alice, start=world.clock.now, **options)


def summary(report: DryRun) -> dict[str, Any]:
    """The report in the terms a test compares."""
    return {
        "status": report.status.kind, "final_state": report.final_state,
        "path": [step.element_id for step in report.path],
        "tasks": [(t.element_id, t.lane, t.candidates, t.decision) for t in report.tasks],
        "operations": [call.name for call in report.operations],
        "notifications": [(n.to, n.recipients, n.subject) for n in report.notifications],
        "events": [(e.kind, e.element_id) for e in report.events],
    }
