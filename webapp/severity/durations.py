"""ISO 8601 durations as severities write their response time: `PT4H`, `P1DT2H`, `PT30M`."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

# One optional number per designator, in ISO order. A fraction (`PT1.5H`) is allowed only on
# the last component written, as ISO 8601 says and as the engine's timer parser reads it.
_DURATION = re.compile(
    r"P(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?"
)
_ORDER = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
_DATE_PARTS = ("years", "months", "days")
_UNITS = {"years": "year", "months": "month", "weeks": "week", "days": "day",
          "hours": "hour", "minutes": "minute", "seconds": "second"}

HINT = "Write an ISO 8601 duration such as PT4H, PT30M or P1DT2H."


class InvalidDuration(ValueError):
    """The text is not an ISO 8601 duration a severity may use; the message says why."""


def parse(text: str, *, what: str = "a response time") -> dict[str, float]:
    """The components of a positive ISO 8601 duration, or InvalidDuration saying what is wrong
    (`what` names the duration in the messages)."""
    value = (text or "").strip().upper()
    match = _DURATION.fullmatch(value)
    if not value or match is None or value in ("P", "PT") or value.endswith("T"):
        raise InvalidDuration(f"{text.strip()!r} is not an ISO 8601 duration. {HINT}"
                              if (text or "").strip() else
                              f"{what[0].upper()}{what[1:]} is required. {HINT}")
    parts = {name: float(raw.replace(",", ".")) for name in _ORDER
             if (raw := match.group(name)) is not None}
    fractional = [name for name in parts if not parts[name].is_integer()]
    if fractional and fractional != [list(parts)[-1]]:
        raise InvalidDuration(f"Only the last part of {value} may have a fraction. {HINT}")
    if "weeks" in parts and any(name in parts for name in _DATE_PARTS):
        raise InvalidDuration(f"Weeks cannot be mixed with years, months or days. {HINT}")
    if not any(parts.values()):
        raise InvalidDuration(f"{value} is zero; {what} must be longer than that. {HINT}")
    return parts


def normalize(text: str, *, what: str = "a response time") -> str:
    """The duration as stored: upper case, a dot for a decimal comma, no surrounding spaces."""
    parse(text, what=what)
    return text.strip().upper().replace(",", ".")


# What each designator spans when a duration is an amount of time: a month as 30 days, a year
# as 365.
SPANS = {"years": timedelta(days=365), "months": timedelta(days=30), "weeks": timedelta(weeks=1),
         "days": timedelta(days=1), "hours": timedelta(hours=1),
         "minutes": timedelta(minutes=1), "seconds": timedelta(seconds=1)}


def to_timedelta(text: str) -> timedelta:
    """The span a duration means, a month counted as 30 days and a year as 365."""
    return sum((SPANS[name] * amount for name, amount in parse(text).items()), timedelta())


@cache  # a handful of texts, read again for every escalation shown
def describe(text: str) -> str:
    """Say a duration in words (`P1DT2H` is `1 day 2 hours`); unparsable text comes back as is."""
    try:
        parts = parse(text)
    except InvalidDuration:
        return text
    words = []
    for name, amount in parts.items():
        if amount:
            shown = f"{amount:g}"
            words.append(f"{shown} {_UNITS[name]}{'' if amount == 1 else 's'}")
    return " ".join(words)
