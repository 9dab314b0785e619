"""Log in and log out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from webapp.auth import service
from webapp.auth.access import safe_next
from webapp.auth.forms import LoginForm

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
        user = service.authenticate(username=form.username.data, password=form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(target)
        form.password.errors.append(BAD_LOGIN)
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """End the session."""
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
