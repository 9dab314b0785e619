"""One way to page, sort and count a list query."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from webapp.extensions import db


@dataclass(frozen=True)
class NullsLast:
    """A sort column whose empty values come last whichever way it sorts; `ahead`, when given,
    is an expression that orders the rows ascending before the column does."""

    column: Any
    ahead: Any = None


@dataclass(frozen=True)
class Page:
    """One page of results with what a pager needs."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)


MAX_PAGE = 1_000_000


def parse_page(raw: str | None) -> int:
    """Return a page number from request input; anything unusable is page 1."""
    try:
        return min(max(1, int(raw or 1)), MAX_PAGE)
    except ValueError:
        return 1


def paginate(query: Select, *, page: int, per_page: int) -> Page:
    """Run `query` for one page, with a single count query for the whole result."""
    total = db.session.execute(
        select(func.count()).select_from(query.order_by(None).subquery())
    ).scalar_one()
    last_page = max(1, -(-total // per_page))
    page = min(page, last_page)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    return Page(items=list(rows.scalars().unique()), page=page, per_page=per_page, total=total)


def apply_sort(
    query: Select, *, sort: str | None, columns: Mapping[str, Any], default: str, tiebreak: Any
) -> tuple[Select, str]:
    """Order `query` by a whitelisted column (`-name` descends), then `tiebreak`; return the key."""
    key = sort if sort and sort.lstrip("-") in columns else default
    column = columns[key.lstrip("-")]
    if not isinstance(column, NullsLast):
        ordered = column.desc() if key.startswith("-") else column.asc()
        return query.order_by(ordered, tiebreak.desc()), key
    ordered = column.column.desc() if key.startswith("-") else column.column.asc()
    ahead = [] if column.ahead is None else [column.ahead.asc()]
    return query.order_by(*ahead, ordered.nulls_last(), tiebreak.desc()), key
