"""Signing in and out (the `auth` endpoints, throttled), and the profile page: who you are, and
your personal API tokens (made, shown once, revoked)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth import service
from webapp.auth.access import safe_next
from webapp.auth.forms import LoginForm
from webapp.common.transactions import keep
from webapp.errors import ValidationFailed
from webapp.logins import throttle, tokens

signin = Blueprint("auth", __name__)
bp = Blueprint("profile", __name__, url_prefix="/profile")


BAD_LOGIN = "Invalid username or password."


@signin.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; on a right password start a session and go on."""
    target = safe_next(request.args.get("next"), default=url_for("home.index"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    if form.validate_on_submit():
        who = {"username": form.username.data, "address": request.remote_addr or ""}
        refusal = throttle.refusal(**who)
        if refusal is not None:
            keep(lambda: throttle.refused(**who, why=refusal))
            form.password.errors.append(refusal.message)
            return render_template("auth/login.html", form=form), 429, {
                "Retry-After": str(refusal.retry_after)}
        user = service.authenticate(username=form.username.data, password=form.password.data)
        if user is not None:
            throttle.succeeded(username=form.username.data)
            session.clear()  # nothing from before the log-in carries over into the session
            login_user(user, remember=form.remember.data)
            return redirect(target)
        keep(lambda: throttle.failed(**who))
        form.password.errors.append(BAD_LOGIN)
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@signin.route("/logout", methods=["POST"])
def logout():
    """End the session, and with it every other session and remember-me cookie of the user."""
    if current_user.is_authenticated:
        current_user.end_sessions()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


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
