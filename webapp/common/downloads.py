"""Files the app hands out: always as an attachment with a name it builds itself, never as a page
a browser would render (a stored diagram is someone's upload: it must not run in our origin)."""

from __future__ import annotations

import re

from flask import Response

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(*parts: object, suffix: str) -> str:
    """A file name of letters, digits, dots, dashes and underscores only, from `parts`."""
    stem = "-".join(_UNSAFE.sub("-", str(p)).strip("-.") for p in parts if str(p)) or "file"
    return f"{stem[:100]}{suffix}"


def attachment(content: str | bytes, *, filename: str, mimetype: str) -> Response:
    """`content` as a download: the browser saves it, a script fetching it still reads it, and
    nothing in it runs (no sniffing, a sandboxing policy that allows nothing)."""
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def diagram(xml: str, *parts: object) -> Response:
    """A BPMN diagram as a download named from `parts` (ids and numbers, never free text)."""
    return attachment(xml, filename=safe_filename(*parts, suffix=".bpmn"),
                      mimetype="application/octet-stream")
