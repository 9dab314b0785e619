"""Committing a use case, with concurrent changes turned into a clear conflict."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from webapp.errors import InvalidTransition
from webapp.extensions import db


def commit(*, conflict: str = "Someone else changed this record at the same time; "
           "reload the page and try again.") -> None:
    """Commit the session; a lost race (version check or unique index) becomes InvalidTransition."""
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as error:
        db.session.rollback()
        raise InvalidTransition(conflict) from error
