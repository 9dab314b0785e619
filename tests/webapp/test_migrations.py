"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp.extensions import db


def test_migrations__match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations__seed_the_roles_and_counters(app):
    roles = {name for (name,) in db.session.execute(db.text("SELECT name FROM role"))}
    assert {"agent", "admin", "escalation_requester", "approver"} <= roles
    prefixes = {p for (p,) in db.session.execute(db.text("SELECT prefix FROM number_sequence"))}
    assert {"CS", "ACC"} <= prefixes
