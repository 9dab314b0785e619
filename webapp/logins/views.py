"""The profile page: who you are, and your personal API tokens (made, shown once, revoked)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.errors import ValidationFailed
from webapp.logins import tokens

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _days(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationFailed("The token was not made: fix the fields marked.",
                               fields={"expires_in_days": "Give a number of days, or none."})
    return int(raw)


def _page(*, status: int = 200, new_token: str | None = None, errors=None, form=None):
    return render_template("profile/show.html", tokens=tokens.list_for(current_user),
                           new_token=new_token, errors=errors or {}, form=form or {}), status


@bp.get("/")
@login_required
def show():
    """Your profile and your API tokens."""
    return _page()


@bp.post("/tokens")
@login_required
def create_token():
    """Make a token; the page shows it once."""
    form = {"name": request.form.get("name", ""),
            "expires_in_days": request.form.get("expires_in_days", "")}
    try:
        made = tokens.create(user=current_user, name=form["name"],
                             expires_in_days=_days(form["expires_in_days"]))
    except ValidationFailed as error:
        return _page(status=400, errors=error.fields, form=form)
    return _page(new_token=made.token)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke a token: calls with it are refused from now on."""
    row = tokens.revoke(user=current_user, token_id=token_id)
    flash(f"Token “{row.name}” revoked.", "success")
    return redirect(url_for("profile.show"))
