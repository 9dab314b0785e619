"""Forms of the severity pages."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


class SeverityForm(FlaskForm):
    """The editable fields of a severity; the service checks every value."""

    name = StringField("Name")
    color = StringField("Colour")
    order = StringField("Order")
    response_time = StringField("Response time")
    description = TextAreaField("Description")

    def values(self) -> dict[str, str]:
        """The submitted values keyed by severity field name."""
        return {name: getattr(self, name).data for name in (
            "name", "color", "order", "response_time", "description")}

    def preview_color(self, fallback: str) -> str:
        """The colour typed when it is a valid hex, else `fallback`, for the preview."""
        typed = (self.color.data or "").strip()
        return typed.lower() if _HEX.fullmatch(typed) else fallback


class ActionForm(FlaskForm):
    """The CSRF token of the list's buttons (deactivate, activate, delete)."""
