"""In the browser: carol's dashboard draws its charts with the numbers counted by hand
(tests/dashboard_world.py), and a click on a bar opens the list behind it."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.dashboard_world import build_counted
from tests.escalation_world import build_world

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread

CHARTS = ("chart-severity", "chart-waiting", "chart-reason", "chart-source")
DRAWN = """ids => ids.map(id => {
  const canvas = document.getElementById(id);
  const chart = EscalationsCharts.Chart.getChart(canvas);
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return {type: chart && chart.config.type, painted,
          data: chart && chart.data.datasets.map(d => d.data)};
})"""


@pytest.fixture
def dashboard(app, page):
    world = build_world(app)
    counted = build_counted(world)
    log_in(page, "carol")
    expect(page).to_have_url("/dashboard/")
    expect(page.locator("#dashboard")).to_have_attribute("data-ready", "true")
    return world, counted


def _tile(page, name):
    return page.locator(f"#tile-{name} [data-value]")


def test_carols_dashboard__draws_its_charts_with_the_numbers_counted_by_hand(dashboard, page):
    drawn = dict(zip(CHARTS, page.evaluate(DRAWN, list(CHARTS)), strict=True))
    assert all(chart["painted"] > 500 for chart in drawn.values()), drawn
    assert drawn["chart-severity"]["type"] == "doughnut"
    assert drawn["chart-severity"]["data"] == [[3, 3, 2]]
    assert drawn["chart-waiting"]["data"] == [[2, 1, 1, 1]]
    assert drawn["chart-reason"]["data"] == [
        [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 2],
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 3],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]]
    assert drawn["chart-source"]["data"] == [[0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 5],
                                             [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]]
    for name, value in (("open", "8"), ("breached", "3"), ("waiting", "5"),
                        ("approve-time", "1 h"), ("escalated-time", "6 d 12 h")):
        expect(_tile(page, name)).to_have_text(value)
    expect(page.locator("#chart-severity")).to_have_attribute(
        "aria-label", "Open escalations by severity: High Severity 3, Medium Severity 3, "
        "Low Severity 2")


def test_carols_dashboard__a_click_on_a_bar_opens_its_list(dashboard, page):
    _, counted = dashboard
    box = page.locator("#chart-waiting").bounding_box()
    x, y = page.evaluate("""() => {
        const bar = EscalationsCharts.Chart.getChart(
            document.getElementById('chart-waiting')).getDatasetMeta(0).data[0];
        return [bar.x, bar.y + 5]; }""")
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url("/escalations/?waiting=under-1h")
    expect(page.locator("#escalation-list tbody tr")).to_have_count(2)
    expect(page.locator("#escalation-list")).to_contain_text(counted["E3"].number)


def test_carols_dashboard__narrowed_to_a_group(dashboard, page):
    world, _ = dashboard
    page.select_option("#group", label=world.tier1.name)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(f"/dashboard/?group={world.tier1.id}&account=")
    expect(page.locator("#dashboard")).to_have_attribute("data-ready", "true")
    expect(_tile(page, "open")).to_have_text("6")
    assert page.evaluate("""() => EscalationsCharts.Chart.getChart(
        document.getElementById('chart-waiting')).data.datasets[0].data""") == [2, 0, 0, 1]
