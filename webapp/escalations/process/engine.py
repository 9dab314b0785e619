"""The web app's way to the engine: every step runs in the jail, and the engine's clock."""

from __future__ import annotations

import atexit
import threading
from datetime import datetime

from flask import current_app

from webapp.common.time import app_now
from webapp.escalations.contract import OPERATIONS
from webapp.escalations.process.models import WorkflowInstance
from webapp.escalations.templates.models import TemplateVersion
from workflows import (
    Event,
    Instance,
    Outcome,
    ProcessSpec,
    SpecLibrary,
    UnknownSpec,
    content_hash,
)
from workflows.jail import Jail, JailSettings, SpecSource

_jails: dict[JailSettings, Jail] = {}
_specs = SpecLibrary()
_lock = threading.Lock()


def settings() -> JailSettings:
    """The jail settings of the current app (ENGINE_WORKERS, ENGINE_MEMORY_MB, ...)."""
    config = current_app.config
    return JailSettings(workers=config["ENGINE_WORKERS"], memory_mb=config["ENGINE_MEMORY_MB"],
                        step_seconds=config["ENGINE_STEP_SECONDS"],
                        queue_seconds=config["ENGINE_QUEUE_SECONDS"])


def jail() -> Jail:
    """The jail for the current app's settings: one per process, started on first use."""
    wanted = settings()
    with _lock:
        found = _jails.get(wanted)
        if found is None:
            found = _jails[wanted] = Jail(wanted, operations=OPERATIONS)
        return found


@atexit.register
def _close_all() -> None:
    with _lock:
        while _jails:
            _jails.popitem()[1].close()


def version_source(version: TemplateVersion) -> SpecSource:
    """A published version as the jail is handed it (the XML is read only on a miss)."""
    return SpecSource(version.spec_hash, lambda: version.bpmn_xml)


def draft_source(xml: str) -> SpecSource:
    """A diagram being edited, as the jail is handed it."""
    return SpecSource(content_hash(xml.encode()), lambda: xml)


def step(spec: SpecSource, state: str | None, event: Event, *, now: datetime | None = None,
         history: bool = False, target: SpecSource | None = None,
         counted: bool = True) -> Outcome:
    """Run one step in the jail at `now` (default: the engine clock); `counted=False` (a dry
    run) keeps a stopped step from counting towards suspending its diagram."""
    return jail().step(spec, state, event, now=now or app_now(), history=history,
                       target=target, counted=counted)


def spec_for(version: TemplateVersion) -> ProcessSpec:
    """The parsed spec of a version, for reading a stored state here (the process view, the
    migration check); nothing runs scripts outside the jail."""
    try:
        return _specs.get(version.spec_hash)
    except UnknownSpec:
        return _specs.load(version.bpmn_xml.encode())


def read(row: WorkflowInstance) -> Instance:
    """A stored instance restored here, to be read (its view, waiting events, what may move):
    restoring runs no script, so it needs no jail; stepping it does."""
    return Instance.restore(spec_for(row.template_version), row.state)

