"""Home: the dashboard for those who have it, everyone's own work otherwise."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from webapp.common.time import app_now
from webapp.dashboard import service as dashboard
from webapp.home import service

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    """Managers, escalation managers and admins land on the dashboard; others on their work."""
    if dashboard.may_see(current_user):
        return redirect(url_for("dashboard.index"))
    return _my_work()


@bp.get("/mine")
@login_required
def mine():
    """My open escalations, the decisions waiting for me, what I watch and my open cases."""
    return _my_work()


def _my_work():
    return render_template("home/index.html", work=service.my_work(user=current_user),
                           now=app_now(), has_dashboard=dashboard.may_see(current_user))
