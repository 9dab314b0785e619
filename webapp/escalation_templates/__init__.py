"""Escalations layer: templates, their settings and published, immutable BPMN versions."""
