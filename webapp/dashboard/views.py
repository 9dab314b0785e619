"""The dashboard page of managers, escalation managers and admins, and the JSON it draws from."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required

from webapp.accounts import service as accounts
from webapp.auth import service as users
from webapp.common.time import app_now
from webapp.dashboard import service
from webapp.errors import PermissionDenied

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def _scope() -> service.Scope:
    if not service.may_see(current_user):
        raise PermissionDenied("The dashboard is for managers, escalation managers and admins.")
    return service.scope_from(group=request.args.get("group"),
                              account=request.args.get("account"))


@bp.get("/")
@login_required
def index():
    """Tiles, charts and the hottest escalations, narrowed by group and account."""
    scope, now = _scope(), app_now()
    return render_template("dashboard/index.html", scope=scope, now=now,
                           figures=service.figures(scope=scope, now=now),
                           groups=users.list_groups(), accounts=accounts.list_all_names())


@bp.get("/data.json")
@login_required
def data():
    """Every figure of the dashboard as JSON, each with the URL of the list behind it."""
    return jsonify(service.figures(scope=_scope(), now=app_now()))
