"""Parsed specs of published template versions, kept by content hash, and the engine clock."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from webapp.escalation_templates.models import TemplateVersion
from workflows import ProcessSpec, SpecLibrary, UnknownSpec, system_clock

_library = SpecLibrary()


def spec_for(version: TemplateVersion) -> ProcessSpec:
    """The parsed spec of a version; parsed once per process, then served from the cache."""
    try:
        return _library.get(version.spec_hash)
    except UnknownSpec:
        return _library.load(version.bpmn_xml.encode())


def now() -> datetime:
    """The engine's clock: `CLOCK` in the app config (tests move it), else the wall clock."""
    return current_app.config.get("CLOCK", system_clock)()
