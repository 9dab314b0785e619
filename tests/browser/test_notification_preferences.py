"""In the browser: a switch on the preferences page saves at once and stays after a reload."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.escalation_world import build_world
from webapp.extensions import db
from webapp.notifications import service as notifications

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread


def test_turning_one_kind_off__is_saved_at_once_and_stays_off(app, page):
    world = build_world(app)
    log_in(page, "bob")
    page.locator("#user-menu").get_by_role("button", name="Bob").click()
    page.get_by_role("link", name="Notification preferences").click()
    expect(page.get_by_role("heading", name="Notification preferences")).to_be_visible()
    expect(page.locator("#save-preferences")).to_be_hidden()  # no button: each switch saves

    reminder = page.get_by_role("switch", name="Reminder of a waiting task")
    expect(reminder).to_be_checked()
    reminder.uncheck()
    expect(page.locator("tr", has=reminder).locator(".save-status")).to_have_text(
        "Saved: e-mail off")

    page.reload()
    expect(page.get_by_role("switch", name="Reminder of a waiting task")).not_to_be_checked()
    expect(page.get_by_role("switch", name="Approval waiting")).to_be_checked()
    db.session.expire_all()
    email = {kind.name: on for kind, on in notifications.preferences(world.bob)}
    assert [name for name, on in email.items() if not on] == ["reminder"]
