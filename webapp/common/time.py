"""Time in UTC, the only time the database stores, and the app's present."""

from datetime import UTC, datetime

from flask import current_app


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def app_now() -> datetime:
    """Now as the app sees it: the clock a test sets as `CLOCK` in the config, else the wall
    clock. What a page says about time ("due in 2 h") and the engine's timers read this."""
    return current_app.config.get("CLOCK", utcnow)()
