"""Escalations of cases and accounts: records, state machine, use cases."""
