"""Fixtures for escalation tests: a demo-like world with a movable clock."""

import pytest

from tests.escalation_world import build_world


@pytest.fixture
def world(app):
    """People, groups, severities and the shipped templates."""
    yield build_world(app)
    app.config.pop("CLOCK", None)
