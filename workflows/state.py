"""Serialize running instances to JSON without their spec (it travels by hash) and back."""

from __future__ import annotations

import json
from collections.abc import Callable
from copy import deepcopy
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.event_definition import (
    TimerConditionalEventDefinitionConverter,
)
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.serializer.helpers.encoder import create_encoder
from SpiffWorkflow.bpmn.serializer.workflow import VERSION as SPIFF_VERSION
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from .errors import IncompatibleState
from .specs import ProcessSpec
from .timers import CLOCK_TIMERS

SERIALIZER_VERSION = f"{SPIFF_VERSION}-nospec"
"""Version stored with every state: SpiffWorkflow's format, spec left out."""

MIGRATIONS: dict[str, Callable[[dict[str, Any]], None]] = {}
"""Upgrades from older serializer versions (none yet: anything older is refused)."""


class SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """SpiffWorkflow's workflow converter, minus the spec, which comes from the library."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(  # type: ignore[override]
        self, dct: dict[str, Any], *, process_spec: ProcessSpec, script_engine: Any = None
    ) -> BpmnWorkflow:
        workflow = self.target_class(
            process_spec.spec,
            process_spec.subprocess_specs,
            script_engine=script_engine,
            deserializing=True,
        )
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _config() -> dict[Any, Any]:
    config = deepcopy(CAMUNDA_CONFIG)
    for clock_class in CLOCK_TIMERS.values():
        config[clock_class] = TimerConditionalEventDefinitionConverter
    config[BpmnWorkflow] = SpeclessWorkflowConverter
    return config


_REGISTRY = BpmnWorkflowSerializer.configure(_config())
_ENCODER = create_encoder(_REGISTRY, None)
SERIALIZER = BpmnWorkflowSerializer(_REGISTRY, version=SERIALIZER_VERSION)
"""Serializer for spec-less states; `SERIALIZER.registry` also converts specs if needed."""


def dump_state(workflow: BpmnWorkflow, *, spec_hash: str) -> str:
    """The instance as JSON, without its spec, stamped with the serializer version."""
    _REGISTRY._encoder_mode = True
    try:
        dct = _REGISTRY.convert(workflow)
    finally:
        _REGISTRY._encoder_mode = False
    dct["spec_hash"] = spec_hash
    dct[BpmnWorkflowSerializer.VERSION_KEY] = SERIALIZER_VERSION
    return json.dumps(dct, cls=_ENCODER, separators=(",", ":"))


def load_state(state: str, *, process_spec: ProcessSpec, script_engine: Any) -> BpmnWorkflow:
    """Rebuild an instance from `dump_state` output and its (cached) spec."""
    try:
        dct = json.loads(state)
    except (TypeError, ValueError) as exc:
        raise IncompatibleState(f"stored state is not valid JSON: {exc}") from None
    _migrate(dct)
    stored_hash = dct.pop("spec_hash", None)
    if stored_hash != process_spec.hash:
        raise IncompatibleState(
            f"stored state belongs to spec {stored_hash}, not {process_spec.hash}"
        )
    try:
        workflow = SERIALIZER.from_dict(dct, process_spec=process_spec, script_engine=script_engine)
    except Exception as exc:
        raise IncompatibleState(f"stored state cannot be restored: {exc!r}") from None
    if workflow.task_tree is None or any(t.task_spec is None for t in workflow.tasks.values()):
        raise IncompatibleState("stored state cannot be restored: its tasks do not match the spec")
    return workflow


def _migrate(dct: dict[str, Any]) -> None:
    version = dct.pop(BpmnWorkflowSerializer.VERSION_KEY, None)
    while version != SERIALIZER_VERSION:
        upgrade = MIGRATIONS.get(version) if isinstance(version, str) else None
        if upgrade is None:
            raise IncompatibleState(
                f"stored state has serializer version {version!r}; this engine reads "
                f"{SERIALIZER_VERSION!r} and has no migration from it"
            )
        upgrade(dct)
        version = dct.pop(BpmnWorkflowSerializer.VERSION_KEY, None)
