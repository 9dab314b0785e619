"""Fixtures for severity tests: the demo-like world and logging in as one of its people."""

import pytest

from tests.escalation_world import build_world


@pytest.fixture
def world(app):
    """People, groups, the default severities and the shipped templates."""
    yield build_world(app)
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
