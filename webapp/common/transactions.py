"""Committing a use case, with lost races turned into a clear conflict."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, PendingRollbackError
from sqlalchemy.orm.exc import StaleDataError

from webapp.errors import InvalidTransition
from webapp.extensions import db

CHANGED_MEANWHILE = ("Someone else changed this record at the same time; reload the page and "
                     "try again.")


@contextmanager
def conflicts(message: str = CHANGED_MEANWHILE) -> Iterator[None]:
    """Turn a lost race inside the block (version check, unique index) into InvalidTransition."""
    try:
        yield
    except (StaleDataError, IntegrityError, PendingRollbackError) as error:
        db.session.rollback()
        raise InvalidTransition(message) from error


def commit(*, conflict: str = CHANGED_MEANWHILE) -> None:
    """Commit the session; a lost race becomes InvalidTransition with `conflict`."""
    with conflicts(conflict):
        db.session.commit()
