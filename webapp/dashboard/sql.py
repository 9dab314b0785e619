"""SQL that SQLite and PostgreSQL spell differently: the seconds between two timestamps."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class seconds_between(FunctionElement):  # noqa: N801 (a SQL function reads as one)
    """`seconds_between(start, end)`: how many seconds `end` is after `start`, as a float."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True


def _parts(element: seconds_between, compiler: Any, **kw: Any) -> tuple[str, str]:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return start, end


@compiles(seconds_between, "sqlite")
def _sqlite(element: seconds_between, compiler: Any, **kw: Any) -> str:
    start, end = _parts(element, compiler, **kw)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _postgresql(element: seconds_between, compiler: Any, **kw: Any) -> str:
    start, end = _parts(element, compiler, **kw)
    return f"EXTRACT(EPOCH FROM ({end} - {start}))"
