"""`flask --app webapp seed-demo`: load the demo data."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from webapp.auth.models import User
from webapp.common.transactions import boundary
from webapp.demo.seed import DEMO_PASSWORD, demo_logins, seed_demo
from webapp.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no users yet.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo users, groups, accounts and cases (idempotent; demo mode only)."""
    if current_app.config["ENVIRONMENT"] == "production":
        raise click.ClickException("seed-demo is refused when ESCALATIONS_ENV=production.")
    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has data; demo data not loaded.")
    else:
        with boundary():
            added = seed_demo()
        click.echo("Demo data: " + ", ".join(f"{n} {what} added" for what, n in added.items()))
    click.echo(f"\nDemo logins (password '{DEMO_PASSWORD}' for each):")
    for username, roles in demo_logins():
        click.echo(f"  {username:<8} {roles}")
