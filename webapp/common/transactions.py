"""Where an action's transaction ends, and lost races turned into a clear conflict.

A use case changes records and flushes. The web request, the API call, the worker's pass over
one instance and a CLI command each end their transaction in one place, `boundary()`: commit
when the action went through, roll back when it failed. A failure that must be remembered after
the rollback (a process that failed) carries a `remember` callable, written there, after it; a
write that must stand whatever the answer (a failed log-in, counted) is made with `keep()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, PendingRollbackError
from sqlalchemy.orm.exc import StaleDataError

from webapp.errors import InvalidTransition
from webapp.extensions import db

CHANGED_MEANWHILE = ("Someone else changed this record at the same time; reload the page and "
                     "try again.")
LOST_RACE = (StaleDataError, IntegrityError, PendingRollbackError)


@contextmanager
def conflicts(message: str = CHANGED_MEANWHILE) -> Iterator[None]:
    """Turn a lost race inside the block (version check, unique index) into InvalidTransition.
    The failed flush leaves the session unusable, so it is rolled back at once."""
    try:
        yield
    except LOST_RACE as error:
        db.session.rollback()
        raise InvalidTransition(message) from error


def flush(*, conflict: str = CHANGED_MEANWHILE) -> None:
    """Send a use case's changes; a lost race becomes InvalidTransition with `conflict`."""
    with conflicts(conflict):
        db.session.flush()


KEPT = "kept_writes"


def keep(write: Callable[[], None]) -> None:
    """Make `write` now, and again after a rollback of the action: it stands either way."""
    write()
    db.session.info.setdefault(KEPT, []).append(write)


def discard() -> None:
    """Roll back the action's changes, except what `keep()` wrote (made again, to be committed
    with the rest of the boundary)."""
    db.session.rollback()
    for write in db.session.info.pop(KEPT, []):
        write()


@contextmanager
def boundary() -> Iterator[None]:
    """One action's transaction: committed when the block ends, rolled back when it raises
    (then the error's `remember` and what `keep()` wrote are committed on their own)."""
    try:
        yield
        with conflicts():
            db.session.commit()
        db.session.info.pop(KEPT, None)
    except BaseException as error:
        kept = db.session.info.pop(KEPT, [])
        db.session.rollback()
        remember = getattr(error, "remember", None)
        writes = [*kept, remember] if remember is not None else kept
        for write in writes:
            write()
        if writes:
            db.session.commit()
        raise
