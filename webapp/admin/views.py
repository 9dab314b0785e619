"""Administration: who is who (users, roles, groups), and the mail the app sent or kept."""

from __future__ import annotations

from flask import Blueprint, render_template

from webapp.auth import service as users
from webapp.auth.access import requires_role
from webapp.auth.roles import Role
from webapp.notifications import service as notifications

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@requires_role(Role.ADMIN)
def list_users():
    """Users with their roles and groups, and groups with their managers."""
    return render_template("admin/users.html", users=users.list_users(),
                           groups=users.list_groups())


@bp.get("/mail")
@requires_role(Role.ADMIN)
def mail():
    """The app's own mailbox (mail kept without a mail server) and the mail not delivered."""
    return render_template("admin/mail.html", mailbox=notifications.mailbox(),
                           undelivered=notifications.undelivered())
