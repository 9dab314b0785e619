"""What the process view of an escalation shows: marks on its diagram and the step history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from webapp.escalations.models import Escalation
from webapp.escalations.process import engine
from webapp.escalations.process.models import TaskState, WorkflowInstance


@dataclass
class ProcessPicture:
    """Marks and overlays for the viewer, and the timeline beside it."""

    marks: dict[str, list[str]] = field(default_factory=dict)
    overlays: list[dict[str, str]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)


def _waiting_label(event) -> str:
    if event.kind == "timer" and event.due is not None:
        return f"Due {event.due:%Y-%m-%d %H:%M} UTC"
    return f"Waits for {event.name}"


def picture(escalation: Escalation, row: WorkflowInstance | None) -> ProcessPicture:
    """Completed elements, open tasks (with who may act) and waiting events of the escalation."""
    if row is None or not row.state:
        return ProcessPicture()
    instance = engine.read(row)
    view = instance.view()
    tasks = {t.element_id: t for t in row.tasks if t.state == TaskState.OPEN.value}
    active = [task.element_id for task in view.ready]
    waiting = [event.element_id for event in view.waiting]
    completed = sorted(view.completed - set(active) - set(waiting))
    overlays = [{"id": element_id, "text": "For: " + (", ".join(
        u.full_name for u in tasks[element_id].candidates) or "nobody")}
        for element_id in active if element_id in tasks]
    overlays += [{"id": e.element_id, "text": _waiting_label(e)} for e in view.waiting]
    timeline = [{"name": step.name or step.element_id, "kind": "done"} for step in view.history]
    timeline += [{"name": t.name or t.element_id, "kind": "active",
                  "detail": next((o["text"] for o in overlays if o["id"] == t.element_id), "")}
                 for t in view.ready]
    timeline += [{"name": e.element_name or e.element_id, "kind": "waiting",
                  "detail": _waiting_label(e)} for e in view.waiting]
    if row.status == "error":
        overlays.append({"id": row.error_element, "text": "Failed: " + row.error_message[:80]})
    return ProcessPicture(marks={"completed": completed, "active": active, "waiting": waiting},
                          overlays=overlays, timeline=timeline)
