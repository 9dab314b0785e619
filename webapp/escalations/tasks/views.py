"""My approvals: the task inbox and the task page with the form the BPMN defines."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.common.time import app_now
from webapp.errors import ValidationFailed
from webapp.escalations import approvals
from webapp.escalations.tasks import service

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


@bp.get("/")
@login_required
def index():
    """The open tasks the signed-in user may complete, each with how long it has waited."""
    rows = service.inbox(current_user, now=app_now())
    return render_template("tasks/list.html", rows=rows)


def _render(task, *, errors=None, values=None, status=200):
    return render_template("tasks/show.html", task=task, escalation=service.escalation_of(task),
                           errors=errors or {}, values=values or {},
                           may_complete=approvals.may_decide(current_user, task)), status


@bp.get("/<int:task_id>")
@login_required
def show(task_id: int):
    """One task: the escalation it is about and its form."""
    return _render(service.get_or_raise(task_id))


@bp.post("/<int:task_id>")
@login_required
def complete(task_id: int):
    """Complete the task with the submitted form."""
    task = service.get_or_raise(task_id)
    data = {key: value for key, value in request.form.items() if key != "csrf_token"}
    try:
        service.complete(task_id=task_id, data=data, actor=current_user)
    except ValidationFailed as error:
        return _render(task, errors=error.fields or {"": error.message}, values=data, status=400)
    flash(f"{task.name}: done.", "success")
    return redirect(url_for("tasks.index"))
