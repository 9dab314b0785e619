"""No list page issues a query per row: each is asked with few rows and with many, and the
number of SQL statements it runs must not grow with the rows."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.builders import make_case, make_escalation, make_open_task
from tests.escalation_world import case_in
from tests.webapp.escalations.api_helpers import basic
from webapp.common.time import utcnow
from webapp.extensions import db
from webapp.notifications import service as notifications

PAGES = ["/cases/", "/cases/?escalated=1", "/escalations/", "/escalations/?open=1",
         "/accounts/", "/tasks/", "/notifications/", "/", "/mine", "/dashboard/data.json",
         "/api/escalations", "/api/cases?escalated=true", "/api/tasks", "/api/notifications"]


@contextmanager
def counted():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _rows(world, n: int) -> None:
    for i in range(n):
        case = case_in(world, assigned_to=world.alice)
        escalation = make_escalation(source=case, requested_by=world.alice,
                                     watch_list=[world.alice, world.bob])
        make_open_task(escalation, created_at=utcnow(), candidates=[world.bob, world.carol])
        make_case(account=case.account)
        notifications.queue([world.bob, world.carol], subject=f"n{i}", body="b",
                            record_type="escalation", record_id=escalation.id, kind="escalated")
    db.session.commit()


def _statements(client, url: str, headers) -> int:
    with counted() as statements:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements)


@pytest.mark.parametrize("url", PAGES)
def test_list_page__runs_as_many_statements_for_many_rows_as_for_few(app, client, world, url):
    user = "carol" if url.startswith("/dashboard") else "bob"
    headers = basic(user) if url.startswith("/api") else {}
    client.post("/login", data={"username": user, "password": "demo"})
    counts = []
    for rows in (2, 8):
        _rows(world, rows)
        # Warm once: the first request after a commit reloads the user and what never changes.
        client.get(url, headers=headers)
        counts.append(_statements(client, url, headers))
    few, many = counts
    assert many == few, f"{url}: {few} statements with 2 rows each, {many} with 10"
