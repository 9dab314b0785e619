"""Forms of the severity and schedule pages."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.common.forms import choices, optional_int
from webapp.severity.sla import DAY_NAMES

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


class SeverityForm(FlaskForm):
    """The editable fields of a severity; the service checks every value."""

    name = StringField("Name")
    color = StringField("Colour")
    order = StringField("Order")
    response_time = StringField("Response time")
    schedule_id = SelectField("SLA counts", coerce=optional_int, validate_choice=False)
    description = TextAreaField("Description")

    def values(self) -> dict[str, str]:
        """The submitted values keyed by severity field name."""
        return {name: getattr(self, name).data for name in (
            "name", "color", "order", "response_time", "schedule_id", "description")}

    def preview_color(self, fallback: str) -> str:
        """The colour typed when it is a valid hex, else `fallback`, for the preview."""
        typed = (self.color.data or "").strip()
        return typed.lower() if _HEX.fullmatch(typed) else fallback


class ActionForm(FlaskForm):
    """The CSRF token of the list's buttons (deactivate, activate, delete)."""


class ScheduleForm(FlaskForm):
    """The fields of a business-hours schedule; the service checks every value."""

    name = StringField("Name")
    description = TextAreaField("Description")
    time_zone = StringField("Time zone")
    days = SelectMultipleField("Working days", choices=choices(
        (str(n), name) for n, name in enumerate(DAY_NAMES, start=1)),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validate_choice=False)
    day_start = StringField("Opens at")
    day_end = StringField("Closes at")
    holidays = TextAreaField("Holidays")

    def values(self) -> dict[str, Any]:
        """The submitted values keyed by schedule field name."""
        return {name: getattr(self, name).data for name in (
            "name", "description", "time_zone", "days", "day_start", "day_end", "holidays")}
