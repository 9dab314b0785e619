"""The guide's tables of the template contract, written from its declaration.

docs/templates.md marks each table with `<!-- contract:NAME -->` ... `<!-- /contract -->`; the
guide page fills them in from `webapp.escalations.contract` when it renders, and
`python -m webapp.escalations.guide_tables docs/templates.md` rewrites the file the same way.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from webapp.escalations import contract

# Blank lines around a table keep the markers out of it when Markdown renders the guide.
_BLOCK = re.compile(r"(<!-- contract:(\w+) -->\n\n).*?(\n<!-- /contract -->)", re.S)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _call(call: contract.Call) -> str:
    return f"`{call.name}({', '.join(p.name for p in call.operation.params)})`"


def variables() -> str:
    """The variables every process starts with."""
    return _table(("Variable", "Content"), [(f"`{v.name}`", v.content) for v in contract.VARIABLES])


def messages() -> str:
    """The messages a process receives."""
    return _table(("Message name", "Sent when", "Notes"),
                  [(f"`{m.name}`", m.sent_when, m.notes) for m in contract.MESSAGES])


def operations() -> str:
    """The operations scripts may call."""
    return _table(("Call", "State move", "What else it does"),
                  [(_call(c), c.move, c.does) for c in contract.CALLS])


def lanes() -> str:
    """The lane names and who each gives a task to."""
    rows = [(f"`{lane.name}`", lane.gives_to) for lane in contract.LANES]
    rows.append(("anything else", "the members of the group with exactly that name, such as "
                                  "`Escalation Management`"))
    return _table(("Lane name", "The task goes to"), rows)


TABLES: dict[str, Callable[[], str]] = {"variables": variables, "messages": messages,
                                        "operations": operations, "lanes": lanes}


def refresh(text: str) -> str:
    """The guide with every marked table written anew from the contract."""
    def fill(match: re.Match) -> str:
        return match.group(1) + TABLES[match.group(2)]() + match.group(3)

    return _BLOCK.sub(fill, text)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(refresh(path.read_text(encoding="utf-8")), encoding="utf-8")
