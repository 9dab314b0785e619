"""The Escalations web app: the application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from webapp.common.transactions import boundary, discard
from webapp.config import load_config

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class App(Flask):
    """Flask, with the transaction of every request that may write ended in one place."""

    def dispatch_request(self) -> Any:
        if request.method in READ_ONLY_METHODS:
            return super().dispatch_request()
        with boundary():
            response = self.make_response(super().dispatch_request())
            if response.status_code >= 400:
                discard()  # an answer that says it failed keeps nothing it did not keep()
            return response


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build and wire the Flask application; `config` overrides the environment's settings."""
    app = App(__name__, instance_path=(config or {}).get("INSTANCE_PATH"))
    app.config.update(load_config(app.instance_path, overrides=config))
    trust_proxies(app)
    register_input_checks(app)
    register_extensions(app)
    register_hooks(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions of `webapp.extensions` to this app."""
    import webapp.models  # noqa: F401  (the schema must be complete before Alembic looks)
    from webapp.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config["MIGRATIONS_DIR"])
    login_manager.init_app(app)
    csrf.init_app(app)
    from webapp.auth.service import load_user

    login_manager.user_loader(load_user)


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS reverse proxies, read the client's address and scheme from them."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def register_input_checks(app: Flask) -> None:
    """Refuse oversized, overdeep and unstorable input before a view sees it; answer with the
    security headers."""
    from webapp.common import headers, inputs

    inputs.install(app)
    headers.install(app)


def register_hooks(app: Flask) -> None:
    """Hand the records what they need from escalations, which they never import."""
    from webapp.accounts import service as accounts
    from webapp.cases import service as cases
    from webapp.escalations import queries
    from webapp.notifications import mail
    from webapp.notifications import service as notifications
    from webapp.severity import service as severities

    accounts.escalation_loader_options.provide(queries.account_loader_options)
    cases.escalated_case_ids.provide(queries.escalated_case_ids)
    cases.escalation_loader_options.provide(queries.case_loader_options)
    cases.escalation_sort_columns.provide(queries.case_sort_columns)
    severities.escalations_by_severity.provide(queries.count_by_severity)
    mail.severity_labels.provide(queries.severity_labels)
    notifications.escalation_numbers.provide(queries.numbers_by_id)


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per domain."""
    from webapp.accounts.views import bp as accounts_bp
    from webapp.admin.views import bp as admin_bp
    from webapp.api.views import bp as api_bp
    from webapp.cases.views import bp as cases_bp
    from webapp.dashboard.views import bp as dashboard_bp
    from webapp.escalations.tasks.views import bp as tasks_bp
    from webapp.escalations.templates.dry_run_views import bp as dry_run_bp
    from webapp.escalations.templates.views import bp as templates_admin_bp
    from webapp.escalations.views import bp as escalations_bp
    from webapp.extensions import csrf
    from webapp.home.views import bp as home_bp
    from webapp.logins.views import bp as profile_bp
    from webapp.logins.views import signin as auth_bp
    from webapp.notifications.views import bp as notifications_bp
    from webapp.severity.views import bp as severity_bp
    from webapp.severity.views import schedules_bp

    for blueprint in (auth_bp, home_bp, dashboard_bp, cases_bp, accounts_bp, escalations_bp,
                      tasks_bp, notifications_bp, templates_admin_bp, severity_bp, schedules_bp,
                      admin_bp, dry_run_bp, profile_bp, api_bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # the API authenticates every request itself and sets no cookie


def register_error_handlers(app: Flask) -> None:
    """Map domain errors and HTTP errors to pages, once for the whole app."""
    from webapp.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Expose role checks, formatting helpers and the SLA in words to Jinja."""
    from webapp.common.templating import register
    from webapp.escalations.sla_status import status_now

    register(app)
    app.jinja_env.globals["sla_status"] = status_now


def register_commands(app: Flask) -> None:
    """Add the `flask --app webapp ...` commands."""
    from webapp.demo.commands import seed_demo_command
    from webapp.escalations.process.commands import worker_command
    from webapp.escalations.templates.commands import templates_cli

    for command in (seed_demo_command, templates_cli, worker_command):
        app.cli.add_command(command)
