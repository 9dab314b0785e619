"""Escalations layer: the task inbox, human tasks of escalation processes."""
