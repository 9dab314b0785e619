"""The background worker: fires due timers."""
