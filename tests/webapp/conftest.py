"""Every web app test runs inside the app, on each database."""

import pytest


@pytest.fixture(autouse=True)
def _inside_app(app):
    """Give each test an app context and a clean database."""
    return app
