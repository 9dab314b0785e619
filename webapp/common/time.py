"""Time in UTC, the only time the database stores."""

from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def in_words(span: timedelta) -> str:
    """A span of time as people say it: `45 min`, `3 h 5 min`, `2 days 4 h`."""
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"
