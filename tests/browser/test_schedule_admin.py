"""In the browser: an escalation admin sets up office hours and has High Severity count in them."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.builders import make_user
from webapp.extensions import db
from webapp.severity.service import ensure_defaults

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread


def test_escalation_admin_adds_office_hours_and_high_severity_counts_in_them(page):
    make_user(username="pat", roles=["escalation_admin"], password="demo", full_name="Pat Morgan")
    ensure_defaults()
    db.session.commit()

    log_in(page, "pat")
    page.get_by_role("button", name="Admin").click()
    page.get_by_role("link", name="Business hours").click()
    expect(page.get_by_role("heading", name="Business hours")).to_be_visible()
    page.get_by_role("link", name="New schedule").click()

    page.get_by_label("Name").fill("Berlin office")
    page.get_by_label("Time zone").fill("Europe/Berln")
    page.get_by_text("Sat", exact=True).click()  # the day buttons are labels
    page.get_by_label("Holidays").fill("2026-12-24\n2026-12-25")
    page.get_by_role("button", name="Add schedule").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("There is no time zone")
    expect(page.get_by_label("Sat")).to_be_checked()  # what was typed is kept

    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_text("Sat", exact=True).click()
    expect(page.get_by_label("Sat")).not_to_be_checked()
    page.get_by_role("button", name="Add schedule").click()
    expect(page.locator(".alert-success")).to_contain_text("Berlin office added.")
    row = page.locator("tr[data-schedule='Berlin office']")
    expect(row).to_contain_text("Mon–Fri")
    expect(row).to_contain_text("09:00–17:00")
    expect(row).to_contain_text("2 days")

    page.goto("/admin/severities/")
    page.get_by_role("link", name="Edit High Severity").click()
    page.get_by_label("SLA counts").select_option(label="Berlin office")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr[data-severity='High Severity']")).to_contain_text("in Berlin office")

    page.goto("/admin/schedules/")
    row = page.locator("tr[data-schedule='Berlin office']")
    expect(row).to_contain_text("High Severity")
    expect(row.get_by_role("button", name="Delete Berlin office")).to_have_count(0)
