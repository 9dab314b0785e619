"""Helpers shared by the forms of every domain."""

from __future__ import annotations

from flask_wtf import FlaskForm

from webapp.errors import ValidationFailed


def attach_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's field errors on the matching form fields."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]


def optional_int(value: object) -> int | None:
    """Coerce a select's value to an int, with '' and None meaning no value."""
    if value in (None, "", "None"):
        return None
    return int(value)
