"""Escalations layer: escalating cases and accounts (records, state machine, use cases)."""
