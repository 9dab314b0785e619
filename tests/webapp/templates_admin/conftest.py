"""Fixtures for the template pages: the escalation world and a client logged in as anyone."""

import pytest

from tests.escalation_world import build_world


@pytest.fixture
def world(app):
    """People, groups, severities and the shipped templates."""
    yield build_world(app)
    app.config.pop("CLOCK", None)


@pytest.fixture
def as_user(client, world):
    """Log the test client in as a world user."""
    def login(username):
        client.post("/logout")
        client.post("/login", data={"username": username, "password": "demo"})
        return client
    return login
