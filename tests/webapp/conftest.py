"""Every web app test runs inside the app, on each database; the demo-like world on request."""

import pytest

from tests.databases import needs_real_commits
from tests.escalation_world import build_world, find_world
from webapp.logins import tokens


@pytest.fixture(autouse=True)
def _inside_app(app):
    """Give each test an app context and a database it finds as every other test did, and no
    API credentials remembered from another test."""
    tokens.verified.forget_all()
    return app


@pytest.fixture
def world(request, app):
    """People, groups, the default severities and the shipped templates, with a movable clock.

    Built once per database; a `real_commits` test builds its own.
    """
    yield build_world(app) if needs_real_commits(request.node) else find_world(app)
    app.config.pop("CLOCK", None)


@pytest.fixture
def as_user(client, world):
    """Log the client in as one of the world's people (password demo)."""

    def login(username):
        client.post("/logout")
        response = client.post("/login", data={"username": username, "password": "demo"})
        assert response.status_code == 302
        return client

    return login
