"""In the browser: escalate a case, approve it, see the colour, de-escalate, read the story."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.escalation_world import build_world, case_in

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread

RED = "rgb(217, 83, 79)"


def _logout(page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_case_escalation_from_request_to_de_escalation(app, page):
    world = build_world(app)
    case = case_in(world, short_description="Checkout fails for EU customers")

    log_in(page, "alice")
    page.goto(f"/cases/{case.number}")
    page.get_by_role("link", name="Escalate Case").click()
    page.select_option("#severity", "High Severity")
    page.select_option("#reason", "lack_of_progress")
    page.fill("#justification", "Orders are failing since Monday.")
    page.get_by_role("button", name="Request escalation").click()
    expect(page.locator(".alert-success")).to_contain_text("requested")
    number = page.locator("h1").inner_text()
    _logout(page)

    log_in(page, "bob")
    page.get_by_role("link", name="My approvals").click()
    row = page.locator("#task-list tbody tr", has_text=number)
    expect(row).to_contain_text(case.number)
    row.get_by_role("link", name="Approve escalation").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".alert-success")).to_contain_text("done")
    expect(page.locator("#task-list")).to_contain_text("Nothing waits for you.")
    _logout(page)

    log_in(page, "alice")
    page.goto("/cases/?escalated=1")
    dot = page.locator("#case-list tr", has_text=case.number).locator(".esc-dot")
    expect(dot).to_have_css("background-color", RED)
    page.get_by_role("link", name=case.number).click()
    expect(page.locator(".esc-banner")).to_have_css("background-color", RED)
    page.locator(".esc-banner a").click()
    page.get_by_role("button", name="De-escalate").click()
    page.fill("#justification", "Fix deployed; orders flow again.")
    page.locator("#de-escalate-modal").get_by_role("button", name="De-escalate").click()
    expect(page.locator(".alert-success")).to_contain_text("is closed")

    page.goto(f"/cases/{case.number}")
    expect(page.locator(".esc-banner")).to_have_count(0)
    notes = page.locator("#work-notes .work-note")
    expect(notes.first).to_contain_text("de-escalated and closed")
    story = " ".join(notes.all_inner_texts())
    assert re.search(r"requested \(High Severity\)", story)
    assert "is escalated (approved by Bob)" in story
    page.goto("/cases/")
    expect(page.locator("#case-list tr", has_text=case.number).locator(".esc-dot")).to_have_count(0)
