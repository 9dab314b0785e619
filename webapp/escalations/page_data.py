"""Choices and conversions the escalation pages need around their forms."""

from __future__ import annotations

from webapp.auth import service as users
from webapp.auth.roles import Role
from webapp.common.forms import choices
from webapp.escalations.forms import EditForm, RequestForm
from webapp.escalations.models import Escalation
from webapp.escalations.service import EscalationRequest
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import SourceType
from webapp.severity import service as severities


def _people():
    return [(u.username, u.full_name) for u in users.list_users() if u.active]


def fill_request_choices(form: RequestForm, *, source_type: str) -> None:
    """Severities, templates of the source's type (default first), people and groups."""
    form.severity.choices = choices((s.name, s.name) for s in severities.list_active())
    active = templates.list_active(source_type=SourceType(source_type))
    form.template.choices = choices((t.name, t.name + (" (default)" if t.is_default else ""))
                                    for t in active)
    form.watch_list.choices = choices(_people())
    form.assignment_group.choices = choices(
        ((g.name, g.name) for g in users.list_groups()), blank="-- None --")
    form.assigned_to.choices = choices(
        ((u.username, u.full_name) for u in users.list_users()
         if u.active and u.has_role(Role.ESCALATION_MANAGER)), blank="-- None --")
    if not form.is_submitted() and active:
        form.template.data = active[0].name
        form.watch_list.data = [u.username for u in active[0].watch_list]


def request_from_form(form: RequestForm) -> EscalationRequest:
    """The service's request from the submitted form."""
    return EscalationRequest(
        severity=form.severity.data or "", reason=form.reason.data or "",
        request_source=form.request_source.data or "",
        justification=form.justification.data or "", template=form.template.data or "",
        watch_list=list(form.watch_list.data or []),
        add_account_team=bool(form.add_account_team.data),
        assignment_group=form.assignment_group.data or "",
        assigned_to=form.assigned_to.data or "")


def edit_form_for(escalation: Escalation, formdata=None) -> EditForm:
    """The edit form filled from the escalation (or from what was submitted)."""
    form = EditForm(formdata=formdata, data=None if formdata else {
        "severity": escalation.severity.name, "trend": escalation.trend,
        "watch_list": [u.username for u in escalation.watch_list]})
    # The current severity and watchers stay choosable even when no longer active.
    offered = severities.list_active()
    if escalation.severity not in offered:
        offered = [escalation.severity, *offered]
    form.severity.choices = choices((s.name, s.name) for s in offered)
    people = dict(_people())
    people.update({u.username: u.full_name for u in escalation.watch_list})
    form.watch_list.choices = choices(sorted(people.items(), key=lambda p: p[1]))
    return form
