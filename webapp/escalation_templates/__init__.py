"""Escalation templates: settings and published, immutable BPMN versions."""
