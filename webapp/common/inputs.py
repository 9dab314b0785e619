"""What a request may carry, checked before any of it reaches a query: a body no larger than the
limit (413 before it is read), JSON no deeper than a form needs and free of characters the
database cannot store, and no NUL byte anywhere in the address, the form or the credentials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

MAX_JSON_DEPTH = 32
LARGEST_ID = 2**31 - 1  # the largest key or number a filter can mean


class CheckedJSON(DefaultJSONProvider):
    """Flask's JSON, refusing with a 400 what would otherwise fail deep inside: nesting past
    MAX_JSON_DEPTH, and text with a NUL byte or a lone surrogate (no database stores them)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise BadRequest(f"The JSON body is nested too deeply: at most {MAX_JSON_DEPTH} "
                             "levels.") from None
        _check_json(value)
        return value


def _check_json(value: Any) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(f"The JSON body is nested too deeply: at most {MAX_JSON_DEPTH} "
                             "levels.")
        if isinstance(item, str):
            check_text(item, where="The JSON body")
        elif isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def check_text(text: str, *, where: str) -> None:
    """Refuse text no database stores: a NUL byte, or a lone surrogate (not a character)."""
    if "\x00" in text:
        raise BadRequest(f"{where} contains a NUL byte (\\u0000); remove it.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(f"{where} contains a lone surrogate, which is not a character; send "
                         "valid Unicode.") from None


View = TypeVar("View", bound=Callable[..., Any])


def large_body(setting: str) -> Callable[[View], View]:
    """Let a view take a body up to the app setting `setting` (bytes), not MAX_CONTENT_LENGTH."""

    def mark(view: View) -> View:
        view.body_limit_setting = setting  # type: ignore[attr-defined]
        return view

    return mark


def check_request() -> None:
    """Before every request: its body limit, then no NUL in what it carries."""
    view = current_app.view_functions.get(request.endpoint or "")
    setting = getattr(view, "body_limit_setting", None)
    if setting:
        request.max_content_length = current_app.config[setting]
    refuse_nul_bytes()


def refuse_nul_bytes() -> None:
    """The path, the query, the form and the credentials carry no NUL byte."""
    places = [("The address", request.path)]
    places += [("The query", text) for pair in request.args.items(multi=True) for text in pair]
    if request.method not in ("GET", "HEAD") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        places += [("The form", text) for pair in request.form.items(multi=True)
                   for text in pair]
    auth = request.authorization
    if auth is not None:
        places += [("The credentials", auth.username or ""), ("The credentials",
                                                             auth.password or "")]
    for where, text in places:
        if "\x00" in text:
            raise BadRequest(f"{where} contains a NUL byte (%00); remove it.")


def install(app: Flask) -> None:
    """Check every request's input (see the module's docstring); installed before the CSRF
    check, which reads the form."""
    app.json = CheckedJSON(app)
    app.before_request(check_request)
