"""Escalation severities: colour, order and SLA response time."""
