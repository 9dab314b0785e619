"""The guide's contract tables are written from the contract's declaration."""

from pathlib import Path

from webapp.escalations import contract, guide_tables
from webapp.escalations.templates import authoring

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "templates.md"


def test_guide_file__holds_the_tables_the_contract_declares():
    text = GUIDE.read_text(encoding="utf-8")
    assert text.count("<!-- contract:") == len(guide_tables.TABLES)
    assert guide_tables.refresh(text) == text, (
        "docs/templates.md is out of step with webapp/escalations/contract.py: run "
        "`.venv/bin/python -m webapp.escalations.guide_tables docs/templates.md`")


def test_refresh__rewrites_a_stale_table():
    stale = "<!-- contract:messages -->\n\n| old |\n\n<!-- /contract -->"
    fresh = guide_tables.refresh(stale)
    assert "| old |" not in fresh
    assert all(f"`{message.name}`" in fresh for message in contract.MESSAGES)


def test_guide_page__shows_every_operation_message_lane_and_variable(app):
    html = authoring.guide_html()
    assert "<!-- contract:operations -->" in html  # kept as a comment, outside the table
    for call in contract.CALLS:
        assert f"<code>{call.name}(" in html
    for name in (*contract.MESSAGE_NAMES, *contract.LANE_NAMES, *contract.VARIABLE_NAMES):
        assert f"<code>{name}</code>" in html
    assert html.count("<table>") >= len(guide_tables.TABLES)
