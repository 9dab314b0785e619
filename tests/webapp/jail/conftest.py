"""The jail tests run with tight limits, so a bomb is stopped in half a second (a normal step
takes a few milliseconds)."""

import pytest

from webapp.escalations.process import engine

LIMITS = {"ENGINE_WORKERS": 2, "ENGINE_MEMORY_MB": 256, "ENGINE_STEP_SECONDS": 0.5,
          "ENGINE_QUEUE_SECONDS": 5.0}


@pytest.fixture
def jail(app):
    """The app's jail with the tight limits (other tests keep the defaults)."""
    saved = {name: app.config[name] for name in LIMITS}
    app.config.update(LIMITS)
    yield engine.jail()
    app.config.update(saved)
