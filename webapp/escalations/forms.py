"""Forms of the escalation pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length

from webapp.common.forms import choices
from webapp.escalations.states import Reason, RequestSource, Trend


class RequestForm(FlaskForm):
    """Escalate Case / Escalate Account."""

    request_source = SelectField("Request source", choices=choices(
        (s.value, s.value.capitalize()) for s in RequestSource))
    reason = SelectField("Reason", choices=choices((r.value, r.label) for r in Reason))
    severity = SelectField("Severity", validate_choice=False)
    template = SelectField("Template", validate_choice=False)
    watch_list = SelectMultipleField("Watch list", validate_choice=False)
    add_account_team = BooleanField("Add the account team to the watch list")
    assignment_group = SelectField("Assignment group", validate_choice=False)
    assigned_to = SelectField("Escalation manager", validate_choice=False)
    justification = TextAreaField("Justification", validators=[Length(max=10_000)])


class EditForm(FlaskForm):
    """Severity, trend and watch list of an escalation."""

    severity = SelectField("Severity", validate_choice=False)
    trend = SelectField("Trend", choices=choices((t.value, t.value.capitalize()) for t in Trend))
    watch_list = SelectMultipleField("Watch list", validate_choice=False)


class NoteForm(FlaskForm):
    """A work note or a comment on an escalation."""

    kind = SelectField("Type", choices=choices([("work_note", "Work note"),
                                                ("comment", "Comment")]))
    text = TextAreaField("Text")


class DeEscalateForm(FlaskForm):
    """The justification of a de-escalation."""

    justification = TextAreaField("Justification")


class LinkCaseForm(FlaskForm):
    """The number of a case to link to an account escalation."""

    case = StringField("Case number", validators=[Length(max=20)])
