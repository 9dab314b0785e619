"""Fixtures for the web app: an app per database, a client, and logging in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from tests import builders
from tests.databases import backends, fresh_database
from webapp import create_app
from webapp.extensions import db

KEEP_ROWS = {"role", "number_sequence", "alembic_version"}


@pytest.fixture(scope="session", params=backends())
def migrated_app(request, tmp_path_factory) -> Iterator[Flask]:
    """One app per database, its schema built by the migrations."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": url,
                          "WTF_CSRF_ENABLED": False, "TESTING": True})
        with app.app_context():
            upgrade(directory=app.config["MIGRATIONS_DIR"])
        yield app
        with app.app_context():
            db.engine.dispose()


def _empty_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEEP_ROWS:
                connection.execute(table.delete())
        connection.execute(sa.text("UPDATE number_sequence SET last_value = 0"))


@pytest.fixture
def app(migrated_app: Flask) -> Iterator[Flask]:
    """The app with an empty database (reference rows kept) and an app context."""
    with migrated_app.app_context():
        yield migrated_app
        _empty_tables()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[..., FlaskClient]:
    """Log `client` in as a user, creating the user with `roles` first when needed."""

    def login(username: str, *, roles=(), password: str = "secret") -> FlaskClient:
        builders.make_user(username=username, roles=roles, password=password)
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.text
        return client

    return login
