"""Jinja helpers: role checks, sort links and date formatting."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import Flask, request, url_for
from flask_login import current_user


def has_role(role: str) -> bool:
    """Tell templates whether the signed-in user holds `role` (a misspelt role name raises)."""
    return bool(current_user.is_authenticated and current_user.has_role(role))


def url_with(**changes: object) -> str:
    """The current page's URL with some query arguments changed (None removes one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = str(value)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def sort_link(column: str, current: str) -> tuple[str, str]:
    """Return the URL that sorts by `column` and the arrow to show beside its header."""
    if current == column:
        return url_with(sort=f"-{column}", page=None), "▲"
    if current == f"-{column}":
        return url_with(sort=column, page=None), "▼"
    return url_with(sort=column, page=None), ""


def format_datetime(value: datetime | None) -> str:
    """Show a UTC time as `2026-11-27 07:12 UTC`."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def options(items: Iterable[object], value: str, label: str) -> list[tuple[object, str]]:
    """(value, label) pairs for a filter select, read from two attributes of each item."""
    return [(getattr(item, value), getattr(item, label)) for item in items]


def register(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.globals.update(has_role=has_role, url_with=url_with, sort_link=sort_link)
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["options"] = options
