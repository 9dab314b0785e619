"""In the browser: an escalation admin recolours a severity and the list shows it at once."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.builders import make_user
from webapp.extensions import db
from webapp.severity.service import ensure_defaults

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread


def test_escalation_admin_recolours_high_severity(page):
    make_user(username="pat", roles=["escalation_admin"], password="demo", full_name="Pat Morgan")
    ensure_defaults()
    db.session.commit()

    log_in(page, "pat")
    expect(page.get_by_role("heading", name="Welcome, Pat")).to_be_visible()

    page.goto("/admin/severities/")
    row = page.locator("tr[data-severity='High Severity']")
    expect(row.locator(".esc-dot")).to_have_css("background-color", "rgb(217, 83, 79)")
    row.get_by_role("link", name="Edit High Severity").click()
    expect(page.get_by_role("heading", name="High Severity")).to_be_visible()

    page.locator("#color-picker").fill("#1f6feb")
    expect(page.locator("#color")).to_have_value("#1f6feb")
    expect(page.locator("#preview-banner")).to_have_css("background-color", "rgb(31, 111, 235)")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".alert-success")).to_contain_text("High Severity saved.")
    dot = page.locator("tr[data-severity='High Severity'] .esc-dot")
    expect(dot).to_have_css("background-color", "rgb(31, 111, 235)")


def test_deleting_a_severity__asks_first_and_cancel_keeps_it(page):
    make_user(username="pat", roles=["escalation_admin"], password="demo", full_name="Pat Morgan")
    ensure_defaults()
    db.session.commit()
    log_in(page, "pat")
    page.goto("/admin/severities/")
    asked: list[str] = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Delete Medium Severity").click()
    expect(page.locator("tr[data-severity='Medium Severity']")).to_be_visible()
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Delete Medium Severity").click()
    expect(page.locator(".alert")).to_contain_text("Medium Severity")
    expect(page.locator("tr[data-severity='Medium Severity']")).to_have_count(0)
    assert asked == ["Delete Medium Severity? This cannot be undone."] * 2
