"""Fixtures for dry runs: the escalation world, and a check that no test changed the database."""

import pytest
from sqlalchemy import select

from tests.builders import make_account
from tests.escalation_world import case_in
from webapp.extensions import db


def database_contents() -> dict[str, list[str]]:
    """Every row of every table, in a stable order."""
    return {table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables}


@pytest.fixture
def case(world):
    """A case of Tier 1 Support (managed by carol)."""
    return case_in(world)


@pytest.fixture
def account(world):
    """An account whose team is alice."""
    return make_account(name="Northwind", team=[world.alice])


@pytest.fixture(autouse=True)
def database_unchanged(world, case, account):
    """Each test leaves every table as it found it, and nothing pending in the session."""
    before = database_contents()
    yield
    session = db.session()
    assert not (session.new or session.dirty or session.deleted)
    after = database_contents()
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()}
    assert after == before
