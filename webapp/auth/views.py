"""Log in and log out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from webapp.auth import service
from webapp.auth.access import safe_next
from webapp.auth.forms import LoginForm
from webapp.common.transactions import keep
from webapp.logins import throttle

bp = Blueprint("auth", __name__)

BAD_LOGIN = "Invalid username or password."


@bp.route("/login", methods=["GET", "POST"])
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


@bp.route("/logout", methods=["POST"])
def logout():
    """End the session, and with it every other session and remember-me cookie of the user."""
    if current_user.is_authenticated:
        current_user.end_sessions()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
