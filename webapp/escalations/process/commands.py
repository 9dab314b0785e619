"""`flask --app webapp worker [--once]`: fire due timers, mark SLA breaches, remind waiting
tasks and send the mail, in a loop or once."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.common.time import app_now
from webapp.common.transactions import boundary
from webapp.escalations.process import breaches, reminders
from webapp.escalations.process.worker import run_pass
from webapp.extensions import db
from webapp.notifications import mail


@click.command("worker")
@click.option("--once", is_flag=True, help="Do one pass and exit.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
@with_appcontext
def worker_command(once: bool, interval: float) -> None:
    """Fire the timers that are due, mark the SLAs that passed, remind the candidates of
    tasks waiting past their template's reminder, and send the notifications waiting to go out;
    many workers may share one PostgreSQL database."""
    while True:
        fired = run_pass(now=app_now())
        breached = breaches.run_pass(now=app_now())
        with boundary():
            reminded = reminders.remind_due(now=app_now())
        with boundary():
            sent = mail.deliver_due(config=current_app.config, now=app_now())
        db.session.remove()
        if once:
            click.echo(f"Fired the timers of {fired} instance(s). Marked {breached} SLA "
                       f"breach(es). Reminded {reminded} task(s). Mail: {sent.sent} sent, "
                       f"{sent.kept} kept in the mailbox, {sent.failed} to try again, "
                       f"{sent.given_up} given up.")
            return
        time.sleep(interval)
