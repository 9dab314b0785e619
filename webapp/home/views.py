"""Home: my open cases and counts by state."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from webapp.cases import service as cases
from webapp.cases.models import CaseState

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    """The signed-in user's open cases and how their cases stand."""
    return render_template("home/index.html", cases=cases.list_my_open_cases(user=current_user),
                           counts=cases.count_my_cases_by_state(user=current_user),
                           states=list(CaseState))
