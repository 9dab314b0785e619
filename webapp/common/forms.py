"""Helpers shared by the forms of every domain."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from webapp.common.inputs import LARGEST_ID
from webapp.errors import ValidationFailed


def attach_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's field errors on the matching form fields."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]


def optional_int(value: object) -> int | None:
    """Coerce a select's value to an int, with '' and None meaning no value; a number no key
    can be (more than ten digits, say) is a ValueError like any other unusable text."""
    if value in (None, "", "None"):
        return None
    number = int(value)
    if abs(number) > LARGEST_ID:
        raise ValueError(f"{value!r} is out of range")
    return number


def optional_flag(value: str | None, *, name: str) -> bool | None:
    """A `true`/`false` query argument as a bool, absent or empty as None; anything else is a
    ValidationFailed that names the argument."""
    if value in (None, ""):
        return None
    flag = {"true": True, "false": False}.get(value.strip().lower())
    if flag is None:
        raise ValidationFailed(f"{name} must be true or false, not {value[:40]!r}.",
                               fields={name: "Use true or false."})
    return flag


def choices(pairs: Iterable[tuple[object, str]], *, blank: str | None = None) -> list[SelectChoice]:
    """Options for a select field from (value, label) pairs, with an optional empty first one."""
    options = [SelectChoice("", blank)] if blank is not None else []
    return options + [SelectChoice(value, label) for value, label in pairs]
