"""The databases the suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

A run makes up to three databases of each: `empty` and `world` (the escalation world built once)
for the tests that run in a savepoint rolled back afterwards, and `commits` for the tests marked
`real_commits`, emptied after each of them.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.globals import app_ctx
from flask_migrate import upgrade
from flask_sqlalchemy.query import Query
from sqlalchemy.orm import scoped_session, sessionmaker

from webapp import create_app
from webapp.config import database_url
from webapp.extensions import db

KEEP_ROWS = {"role", "number_sequence", "alembic_version"}


def backends() -> list[str]:
    """Names of the databases this run covers."""
    return ["sqlite", "postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


def needs_real_commits(node: pytest.Item) -> bool:
    """Whether the test is marked `real_commits`."""
    return node.get_closest_marker("real_commits") is not None


@contextmanager
def fresh_database(backend: str, tmp_dir: Path) -> Iterator[str]:
    """Yield the URL of an empty database of `backend`, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_dir / f'test-{uuid.uuid4().hex[:8]}.db'}"
        return
    base = database_url(os.environ["TEST_DATABASE_URL"], str(tmp_dir))
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Databases:
    """The migrated databases of one backend, each made on first use and removed by `close`."""

    def __init__(self, backend: str, tmp_dir: Path) -> None:
        self.backend, self.tmp_dir = backend, tmp_dir
        self._apps: dict[str, Flask] = {}
        self._stack = ExitStack()
        self._contents: dict[str, dict[str, list[str]]] = {}

    def app(self, kind: str, *, prepare: Callable[[Flask], object] | None = None) -> Flask:
        """The app on the database of `kind`; `prepare(app)` fills it, once, when it is made."""
        if kind not in self._apps:
            url = self._stack.enter_context(fresh_database(self.backend, self.tmp_dir))
            app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": url,
                              "WTF_CSRF_ENABLED": False, "TESTING": True})
            with app.app_context():
                upgrade(directory=app.config["MIGRATIONS_DIR"])
                if kind != "commits":
                    db.engine.dispose()
                    _sqlite_transactions_roll_back(db.engine)
                if prepare is not None:
                    prepare(app)
                    db.session.remove()
                if kind != "commits":
                    self._contents[kind] = _contents()
                engine = db.engine
            self._stack.callback(engine.dispose)
            self._apps[kind] = app
        return self._apps[kind]

    def close(self) -> None:
        """Remove the databases; fail when a test wrote past its savepoint into a shared one."""
        try:
            for kind, before in self._contents.items():
                with self._apps[kind].app_context():
                    after = _contents()
                changed = sorted(name for name in before if after[name] != before[name])
                assert not changed, f"rows committed past a savepoint in {kind}: {changed}"
        finally:
            self._stack.close()


def _contents() -> dict[str, list[str]]:
    """Every row of every table, in a stable order."""
    with db.engine.connect() as connection:
        return {table.name: sorted(repr(tuple(row)) for row in connection.execute(sa.select(table)))
                for table in db.metadata.sorted_tables}


def _sqlite_transactions_roll_back(engine: sa.Engine) -> None:
    """SQLAlchemy's pysqlite recipe: SQLAlchemy, not the driver, begins every transaction.

    Without it the driver commits on its own around savepoints and DDL, and rolling the outer
    transaction back leaves what a test committed in place.
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in one transaction rolled back at the end.

    `db.session` is swapped for one bound to that transaction's connection: its commits and
    rollbacks end savepoints, never the transaction. (Flask-SQLAlchemy's own session would pick
    the engine and write past the transaction, so a plain session takes its place.)
    """
    connection = db.engine.connect()
    transaction = connection.begin()
    owner = threading.get_ident()

    def scope() -> int:  # one session per app context, as Flask-SQLAlchemy has it
        if threading.get_ident() != owner:
            raise RuntimeError("db.session used from another thread: a test whose threads use "
                               "the database needs @pytest.mark.real_commits")
        return id(app_ctx._get_current_object())

    session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint", query_cls=Query),
        scopefunc=scope)
    original, db.session = db.session, session
    try:
        yield
    finally:
        session.remove()
        db.session = original
        transaction.rollback()
        connection.close()


def empty_tables() -> None:
    """Delete every committed row but the reference rows the migrations seed."""
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEEP_ROWS:
                connection.execute(table.delete())
        connection.execute(sa.text("UPDATE number_sequence SET last_value = 0"))
