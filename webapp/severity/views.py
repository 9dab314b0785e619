"""Severity pages for escalation admins: the list, the form and the list's actions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.auth.access import requires_role
from webapp.auth.roles import Role
from webapp.common.forms import attach_errors
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.severity import service
from webapp.severity.forms import ActionForm, SeverityForm

bp = Blueprint("severity", __name__, url_prefix="/admin/severities")


def _render_list(*, error: str | None = None, status: int = 200):
    return render_template("severity/list.html", rows=service.list_with_usage(),
                           action_form=ActionForm(), error=error), status


def _render_form(form: SeverityForm, *, severity=None, status: int = 200):
    history = service.history(severity) if severity else []
    used = service.count_escalations(severity) if severity else 0
    return render_template("severity/form.html", form=form, severity=severity, history=history,
                           used=used, action_form=ActionForm()), status


@bp.get("/")
@requires_role(Role.ESCALATION_ADMIN)
def index():
    """Every severity with its colour, order, response time and use."""
    return _render_list()


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.ESCALATION_ADMIN)
def new():
    """Define a new severity."""
    form = SeverityForm()
    if not form.is_submitted():
        return _render_form(form)
    if form.validate():
        try:
            severity = service.create(**form.values(), actor=current_user)
        except ValidationFailed as error:
            attach_errors(form, error)
        else:
            flash(f"{severity.name} added.", "success")
            return redirect(url_for("severity.index"))
    return _render_form(form, status=400)


@bp.route("/<int:severity_id>", methods=["GET", "POST"])
@requires_role(Role.ESCALATION_ADMIN)
def edit(severity_id: int):
    """Change a severity's name, colour, order, response time or description."""
    severity = service.get_or_raise(severity_id)
    form = SeverityForm(obj=severity)
    if not form.is_submitted():
        return _render_form(form, severity=severity)
    if form.validate():
        try:
            service.update(severity=severity, changes=form.values(), actor=current_user)
        except ValidationFailed as error:
            attach_errors(form, error)
        else:
            flash(f"{severity.name} saved.", "success")
            return redirect(url_for("severity.index"))
    return _render_form(form, severity=severity, status=400)


def _act(action, severity_id: int, done: str):
    severity = service.get_or_raise(severity_id)
    name = severity.name
    if not ActionForm().validate_on_submit():
        return _render_list(error="The form expired; try again.", status=400)
    try:
        action(severity=severity, actor=current_user)
    except InvalidTransition as error:
        return _render_list(error=error.message, status=error.status)
    flash(f"{name} {done}.", "success")
    return redirect(url_for("severity.index"))


@bp.post("/<int:severity_id>/deactivate")
@requires_role(Role.ESCALATION_ADMIN)
def deactivate(severity_id: int):
    """Stop offering a severity for new escalations."""
    return _act(service.deactivate, severity_id, "deactivated")


@bp.post("/<int:severity_id>/activate")
@requires_role(Role.ESCALATION_ADMIN)
def activate(severity_id: int):
    """Offer a severity again for new escalations."""
    return _act(service.activate, severity_id, "activated")


@bp.post("/<int:severity_id>/delete")
@requires_role(Role.ESCALATION_ADMIN)
def delete(severity_id: int):
    """Delete a severity no escalation uses."""
    return _act(service.delete, severity_id, "deleted")
