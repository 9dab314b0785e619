"""Severity and business-hours schedule pages for escalation admins: lists, forms, actions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.auth.access import requires_role
from webapp.auth.roles import Role
from webapp.common.forms import attach_errors, choices
from webapp.common.time import utcnow
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.severity import schedules, service
from webapp.severity.forms import ActionForm, ScheduleForm, SeverityForm

bp = Blueprint("severity", __name__, url_prefix="/admin/severities")
schedules_bp = Blueprint("schedules", __name__, url_prefix="/admin/schedules")


def _render_list(*, error: str | None = None, status: int = 200):
    return render_template("severity/list.html", rows=service.list_with_usage(),
                           action_form=ActionForm(), error=error), status


def _with_schedules(form: SeverityForm) -> SeverityForm:
    form.schedule_id.choices = choices(
        ((s.id, s.name) for s in schedules.list_all()),
        blank=f"{service.ROUND_THE_CLOCK}: every hour of every day")
    return form


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
    form = _with_schedules(SeverityForm())
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
    form = _with_schedules(SeverityForm(obj=severity))
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


def _render_schedules(*, error: str | None = None, status: int = 200):
    return render_template("severity/schedules.html", rows=schedules.list_with_usage(),
                           action_form=ActionForm(), error=error), status


def _render_schedule(form: ScheduleForm, *, schedule=None, status: int = 200):
    return render_template(
        "severity/schedule_form.html", form=form, schedule=schedule,
        time_zones=schedules.time_zones(), action_form=ActionForm(),
        history=schedules.history(schedule) if schedule else [],
        used_by=schedules.severities_using(schedule) if schedule else [],
        examples=schedules.example_dues(schedule, now=utcnow()) if schedule else []), status


@schedules_bp.get("/", endpoint="index")
@requires_role(Role.ESCALATION_ADMIN)
def list_schedules():
    """Every business-hours schedule: days, hours, time zone and the severities using it."""
    return _render_schedules()


@schedules_bp.route("/new", methods=["GET", "POST"], endpoint="new")
@requires_role(Role.ESCALATION_ADMIN)
def new_schedule():
    """Define a business-hours schedule."""
    form = ScheduleForm(data={"days": list("12345"), "day_start": "09:00", "day_end": "17:00"})
    if not form.is_submitted():
        return _render_schedule(form)
    if form.validate():
        try:
            schedule = schedules.create(**form.values(), actor=current_user)
        except ValidationFailed as error:
            attach_errors(form, error)
        else:
            flash(f"{schedule.name} added.", "success")
            return redirect(url_for("schedules.index"))
    return _render_schedule(form, status=400)


@schedules_bp.route("/<int:schedule_id>", methods=["GET", "POST"], endpoint="edit")
@requires_role(Role.ESCALATION_ADMIN)
def edit_schedule(schedule_id: int):
    """Change a schedule's days, hours, time zone or holidays."""
    schedule = schedules.get_or_raise(schedule_id)
    form = ScheduleForm(data=schedules.form_values(schedule))
    if not form.is_submitted():
        return _render_schedule(form, schedule=schedule)
    if form.validate():
        try:
            schedules.update(schedule=schedule, changes=form.values(), actor=current_user)
        except ValidationFailed as error:
            attach_errors(form, error)
        else:
            flash(f"{schedule.name} saved.", "success")
            return redirect(url_for("schedules.index"))
    return _render_schedule(form, schedule=schedule, status=400)


@schedules_bp.post("/<int:schedule_id>/delete", endpoint="delete")
@requires_role(Role.ESCALATION_ADMIN)
def delete_schedule(schedule_id: int):
    """Delete a schedule no severity names."""
    schedule = schedules.get_or_raise(schedule_id)
    name = schedule.name
    if not ActionForm().validate_on_submit():
        return _render_schedules(error="The form expired; try again.", status=400)
    try:
        schedules.delete(schedule=schedule, actor=current_user)
    except InvalidTransition as error:
        return _render_schedules(error=error.message, status=error.status)
    flash(f"{name} deleted.", "success")
    return redirect(url_for("schedules.index"))
