"""Forms of the template pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length

from webapp.common.forms import choices
from webapp.escalations.templates.authoring import Settings


class SettingsForm(FlaskForm):
    """The settings of an escalation template."""

    name = StringField("Name", validators=[Length(max=120)])
    type = SelectField("Type", choices=choices([("case", "Case"), ("account", "Account")]))
    description = TextAreaField("Description", validators=[Length(max=2000)])
    approval_group = SelectField("Approval group", validate_choice=False)
    skip_approval = BooleanField("Skip approval (escalate at once)")
    add_group_manager = BooleanField("Add the case's assignment group manager to the approvers")
    watch_list = SelectMultipleField("Watch list", validate_choice=False)
    is_default = BooleanField("Default template for its type")
    reminder = StringField("Remind after", default="PT2H", validators=[Length(max=40)])

    def settings(self) -> Settings:
        """The submitted settings."""
        return Settings(name=self.name.data or "", type=self.type.data or "",
                        description=self.description.data or "",
                        approval_group=self.approval_group.data or "",
                        skip_approval=bool(self.skip_approval.data),
                        add_group_manager=bool(self.add_group_manager.data),
                        watch_list=list(self.watch_list.data or []),
                        is_default=bool(self.is_default.data),
                        reminder=self.reminder.data or "")


class UploadForm(FlaskForm):
    """A .bpmn file to open in the modeler."""

    file = FileField("BPMN file")
