"""Looking records up by id, safely for any id a URL or a JSON body may carry; the name and
description checks records with a unique name share."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select

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


def unique_name(model: type, raw: Any, *, current: object | None, taken: str) -> str:
    """`raw` with its spaces tidied, as the name of a `model` record; ValueError when it is
    empty, longer than 80 characters or, in any case, another record's (`taken` says so)."""
    name = " ".join(str(raw or "").split())
    if not name:
        raise ValueError("A name is required.")
    if len(name) > 80:
        raise ValueError("Keep the name to 80 characters.")
    query = select(model.id).where(func.lower(model.name) == name.lower())
    if current is not None:
        query = query.where(model.id != current.id)
    if db.session.scalar(query) is not None:
        raise ValueError(taken)
    return name


def clean_description(raw: Any) -> str:
    """`raw` stripped, as a record's description; ValueError when past 2,000 characters."""
    text = str(raw or "").strip()
    if len(text) > 2000:
        raise ValueError("Keep the description to 2,000 characters.")
    return text
