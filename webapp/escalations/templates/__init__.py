"""Escalation templates: settings, published immutable BPMN versions, publish checks, dry run."""
