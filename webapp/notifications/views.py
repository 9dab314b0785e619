"""Notifications in the app: the bell's count on every page, the list, marking read, and
each person's choice of what also reaches them by e-mail."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.notifications import service
from webapp.notifications.kinds import ADMINS, KINDS, TOPICS
from webapp.notifications.models import Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def bell() -> dict[str, int]:
    """The unread count the navigation's bell shows (nothing before login)."""
    if not current_user.is_authenticated:
        return {}
    return {"unread_notifications": service.unread_count(current_user)}


def links(rows: list[Notification]) -> dict[int, str | None]:
    """Where each notification leads: its task, escalation or template."""
    numbers = service.escalation_numbers({n.record_id for n in rows
                                         if n.record_type == "escalation" and n.record_id})
    found: dict[int, str | None] = {}
    for n in rows:
        if n.record_type == "task":
            found[n.id] = url_for("tasks.show", task_id=n.record_id)
        elif n.record_type == "escalation" and n.record_id in numbers:
            found[n.id] = url_for("escalations.show", number=numbers[n.record_id])
        elif n.record_type == "template":
            found[n.id] = url_for("templates_admin.modeler", template_id=n.record_id)
        else:
            found[n.id] = None
    return found


@bp.get("/")
@login_required
def index():
    """The signed-in user's notifications, newest first (`?unread=1`: the unread ones)."""
    unread = request.args.get("unread") == "1"
    rows = service.list_for(current_user, unread=unread)
    return render_template("notifications/list.html", rows=rows, links=links(rows),
                           unread=unread)


@bp.get("/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    """Open what a notification is about (the link its e-mail carries)."""
    found = service.get_own_or_raise(user=current_user, notification_id=notification_id)
    return redirect(links([found])[found.id] or url_for("notifications.index"))


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    """Mark one read and open what it is about."""
    found = service.mark_read(user=current_user, notification_id=notification_id)
    return redirect(links([found])[found.id] or url_for("notifications.index"))


@bp.post("/read-all")
@login_required
def read_all():
    """Mark every unread notification read."""
    service.mark_all_read(user=current_user)
    return redirect(url_for("notifications.index"))


@bp.get("/preferences")
@login_required
def preferences():
    """One e-mail switch per kind of notification; the in-app copy always stays."""
    return render_template("notifications/preferences.html", topics=TOPICS, admins=ADMINS,
                           rows=service.preferences(current_user))


@bp.post("/preferences")
@login_required
def save_preferences():
    """Save the switches shown: a kind is e-mailed when its switch is on (each switch sends
    "off" before its "on"), kinds not on the page keep their setting. The page's script posts
    on every change and asks for JSON; without it the form posts as usual."""
    chosen = {kind.name: "on" in request.form.getlist(kind.name) for kind in KINDS
              if kind.name in request.form}
    rows = service.set_preferences(user=current_user, email=chosen)
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"email": {kind.name: on for kind, on in rows}})
    flash("Your notification preferences are saved.", "success")
    return redirect(url_for("notifications.preferences"))
