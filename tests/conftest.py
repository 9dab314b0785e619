"""Fixtures for the web app: an app per database, a client, and logging in.

One world per session, one savepoint per test: the demo world is built once per database, and
each test runs in a transaction rolled back afterwards, its commits ending savepoints. Only tests
that need real commits (threads racing, the live server of the browser tests) are marked
`real_commits`: they get a database of their own, emptied after each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import builders
from tests.databases import Databases, backends, empty_tables, needs_real_commits, rolled_back
from tests.escalation_world import build_world


@pytest.fixture(scope="session", params=backends())
def databases(request, tmp_path_factory) -> Iterator[Databases]:
    """The databases of one backend, each migrated once, on first use."""
    databases = Databases(request.param, tmp_path_factory.mktemp("db"))
    yield databases
    databases.close()


def _prepare_world(app: Flask) -> None:
    build_world(app)
    app.config.pop("CLOCK", None)


@pytest.fixture
def app(request, databases: Databases) -> Iterator[Flask]:
    """The app with an app context, on an empty database, or on the world's when `world` is used.

    Whatever the test writes is rolled back; `real_commits` tests commit for real instead, on a
    database emptied (reference rows kept) afterwards.
    """
    if needs_real_commits(request.node):
        app = databases.app("commits")
        with app.app_context():
            yield app
            empty_tables()
    elif "world" in request.fixturenames:
        app = databases.app("world", prepare=_prepare_world)
        with app.app_context(), rolled_back():
            yield app
    else:
        app = databases.app("empty")
        with app.app_context(), rolled_back():
            yield app


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
