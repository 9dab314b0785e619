"""What the benchmarks share: an app on a fresh, migrated database of either kind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from tests.databases import fresh_database
from webapp import create_app
from webapp.extensions import db


@contextmanager
def migrated_app(database_url: str | None) -> Iterator[tuple[str, Flask]]:
    """Yield the backend's name and an app, inside its app context, on a database of its own
    (SQLite in a temporary folder, or a schema of its own on the PostgreSQL at
    `database_url`, dropped afterwards)."""
    backend = "postgresql" if database_url else "sqlite"
    if database_url:
        os.environ["TEST_DATABASE_URL"] = database_url
    with tempfile.TemporaryDirectory() as tmp, fresh_database(backend, Path(tmp)) as url:
        app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": url,
                          "WTF_CSRF_ENABLED": False, "INSTANCE_PATH": tmp})
        with app.app_context():
            upgrade(directory=app.config["MIGRATIONS_DIR"])
            yield backend, app
            db.session.remove()
            db.engine.dispose()
