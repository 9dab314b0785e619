"""In the browser: the escalation list shows the SLA breach badge, and the SLA due column
header reorders the rows, ascending then descending, with no due time last."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.builders import make_escalation
from tests.escalation_world import build_world, case_in

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread


def test_escalation_list__badge_and_sorting_by_sla_due(app, page):
    world = build_world(app)
    now = world.clock.now
    breached = make_escalation(source=case_in(world), sla_due_at=now - timedelta(minutes=25))
    running = make_escalation(source=case_in(world), sla_due_at=now + timedelta(hours=3))
    no_sla = make_escalation(source=case_in(world))
    numbers = page.locator("#escalation-list tbody tr td:first-child a")
    log_in(page, "frank")

    page.goto("/escalations/")
    expect(numbers).to_have_text([no_sla.number, running.number, breached.number])  # newest
    row = page.locator("#escalation-list tbody tr", has_text=breached.number)
    expect(row.locator(".sla-badge")).to_have_text("SLA breached")
    expect(row.locator(".sla-badge.text-bg-danger .bi-alarm-fill")).to_have_count(1)
    expect(row).to_contain_text("breached 25 min ago")

    page.get_by_role("link", name="SLA due").click()
    expect(page.get_by_role("link", name="SLA due ▲")).to_be_visible()
    expect(numbers).to_have_text([breached.number, running.number, no_sla.number])

    page.get_by_role("link", name="SLA due").click()
    expect(page.get_by_role("link", name="SLA due ▼")).to_be_visible()
    expect(numbers).to_have_text([running.number, breached.number, no_sla.number])
