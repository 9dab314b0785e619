"""Records layer: escalation severities, with colour, order and SLA response time."""
