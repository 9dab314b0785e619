"""Forms of the case pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.cases.models import CaseState, Priority
from webapp.common.forms import choices, optional_int


class CaseForm(FlaskForm):
    """The editable fields of a case."""

    short_description = StringField(
        "Short description", validators=[DataRequired(), Length(max=160)]
    )
    description = TextAreaField("Description", validators=[Length(max=20_000)])
    priority = SelectField("Priority", coerce=int,
                           choices=choices((p.value, p.label) for p in Priority))
    state = SelectField("State", choices=choices((s.value, s.label) for s in CaseState))
    contact_id = SelectField("Contact", coerce=optional_int, validate_choice=False)
    assignment_group_id = SelectField(
        "Assignment group", coerce=optional_int, validate_choice=False
    )
    assigned_to_id = SelectField("Assigned to", coerce=optional_int, validate_choice=False)
    lock_version = HiddenField()

    def seen_version(self) -> int | None:
        """The case version the form was loaded at, if it says."""
        try:
            return int(self.lock_version.data)
        except (TypeError, ValueError):
            return None

    def changes(self) -> dict:
        """The submitted values keyed by case field name."""
        return {name: getattr(self, name).data for name in (
            "short_description", "description", "priority", "state", "contact_id",
            "assignment_group_id", "assigned_to_id")}


class WorkNoteForm(FlaskForm):
    """A new work note."""

    text = TextAreaField("Work note")
