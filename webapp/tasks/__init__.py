"""The task inbox: human tasks of escalation processes."""
