"""In the browser: bob's bell counts up when alice escalates; the notification opens the task."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.escalation_world import build_world, case_in, request_form
from webapp.common.transactions import boundary
from webapp.escalations import service

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread


def test_bob_sees_the_bell_rise_and_lands_on_the_approval(app, page):
    world = build_world(app)
    log_in(page, "bob")
    expect(page.locator("#unread-count")).to_have_count(0)

    with boundary():
        escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                                actor=world.alice)
    page.reload()
    expect(page.locator("#unread-count")).to_have_text("1")

    page.locator("#notification-bell").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    page.get_by_role("button", name=f"{escalation.number} Approve escalation waits for you").click()

    expect(page.get_by_role("button", name="Approve")).to_be_visible()
    expect(page.locator("body")).to_contain_text(escalation.number)
    expect(page.locator("#unread-count")).to_have_count(0)
