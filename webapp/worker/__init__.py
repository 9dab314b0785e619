"""Escalations layer: the background worker that fires due timers."""
