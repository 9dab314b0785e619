"""In the browser: an agent finds a case and writes a work note."""

import pytest
from playwright.sync_api import expect

from tests.builders import make_case, make_group, make_user

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread


def test_agent_adds_a_work_note_from_the_case_list(page):
    alice = make_user(username="alice", roles=["agent"], password="demo", full_name="Alice Carter")
    team = make_group(name="Tier 1 Support", members=[alice])
    case = make_case(short_description="Webhooks arrive late", assignment_group=team)

    page.goto("/login")
    page.fill("#username", "alice")
    page.fill("#password", "demo")
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", name="Welcome, Alice")).to_be_visible()

    page.wait_for_load_state("load")  # the dropdowns work once Bootstrap's script has run
    page.get_by_role("button", name="Cases", exact=True).click()
    page.get_by_role("link", name="All", exact=True).click()
    page.get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", name=case.number)).to_be_visible()

    page.fill("#text", "Called the customer; logs requested.")
    page.get_by_role("button", name="Add work note").click()

    expect(page.locator(".alert-success")).to_contain_text("Work note added.")
    note = page.locator(".work-note").first
    expect(note).to_contain_text("Called the customer; logs requested.")
    expect(note).to_contain_text("Alice Carter")


def test_wrong_password_shows_an_error_and_stays_on_login(page):
    make_user(username="alice", password="demo")
    page.goto("/login")
    page.fill("#username", "alice")
    page.fill("#password", "nope")
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_have_text("Invalid username or password.")
    expect(page.locator("#username")).to_have_value("alice")
