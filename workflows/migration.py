"""Moving a running instance to a new version of its diagram, where that is safe."""

from __future__ import annotations

from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from .errors import WorkflowError
from .instance import Instance
from .specs import ProcessSpec
from .state import SERIALIZER

# A step that has run (or was skipped) must mean the same thing in the new version.
_SETTLED = TaskState.COMPLETED | TaskState.ERROR | TaskState.CANCELLED


class MigrationRefused(WorkflowError):
    """The instance cannot move to the new version; `reasons` says why, step by step."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _label(task) -> str:
    spec = task.task_spec
    return spec.bpmn_name or spec.bpmn_id or spec.name


def migration_blockers(instance: Instance, new_spec: ProcessSpec) -> list[str]:
    """Why `instance` cannot move to `new_spec`: completed steps that changed or disappeared."""
    if instance.workflow.subprocesses:
        return ["the instance runs subprocesses, which are not moved between versions"]
    diff, _ = diff_workflow(SERIALIZER.registry, instance.workflow, new_spec.spec,
                            new_spec.subprocess_specs)
    reasons = []
    for task in diff.removed:
        if task.state & _SETTLED and task.task_spec.bpmn_id:
            reasons.append(f"the completed step {_label(task)!r} is not in the new version")
    for task in diff.changed:
        if task.state & _SETTLED and task.task_spec.bpmn_id:
            reasons.append(f"the completed step {_label(task)!r} changed in the new version")
    return sorted(set(reasons))


def migrate(instance: Instance, new_spec: ProcessSpec) -> Instance:
    """Move the instance to `new_spec` (waiting steps restart there); MigrationRefused if unsafe."""
    reasons = migration_blockers(instance, new_spec)
    if reasons:
        raise MigrationRefused(reasons)
    diff, _ = diff_workflow(SERIALIZER.registry, instance.workflow, new_spec.spec,
                            new_spec.subprocess_specs)
    migrate_workflow(diff, instance.workflow, new_spec.spec)
    instance.workflow.subprocess_specs = new_spec.subprocess_specs
    instance.spec = new_spec
    instance.resume()
    return instance
