"""Looking records up by id, safely for any id a URL or a JSON body may carry."""

from __future__ import annotations

from typing import TypeVar

from webapp.extensions import db

T = TypeVar("T")
MAX_ID = 2**31 - 1  # the largest integer primary key on every database we run on


def get_by_id(model: type[T], record_id: object) -> T | None:
    """The record of `model` with that id, or None (also for ids no id column can hold)."""
    if isinstance(record_id, bool) or not isinstance(record_id, int):
        return None
    if not 0 < record_id <= MAX_ID:
        return None
    return db.session.get(model, record_id)
