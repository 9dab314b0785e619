"""The SLA where a person looks: the escalation page, the case and account banners, and the
escalation and escalated-case lists (badge, SLA due column sorted both ways, Breached filter)."""

import re
from datetime import timedelta

import pytest

from tests.builders import make_escalation
from tests.escalation_world import account_with_team, case_in


def _rows(html: str, prefix: str) -> list[str]:
    """The record numbers of a list's rows, top to bottom."""
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    return re.findall(rf'<td class="text-nowrap">.*?href="/{prefix}/([A-Z]+\d+)"', table, re.S)


def _sla_field(html: str) -> str:
    """The SLA field of the escalation page, its tags dropped."""
    field = html[html.index('id="sla"'):]
    return " ".join(re.sub(r"<[^>]+>", " ", field[field.index(">") + 1:field.index("</dd>")])
                    .split())


def _due(world, **delta):
    return world.clock.now + timedelta(**delta)


def test_escalation_page__says_when_it_is_due(as_user, world):
    escalation = make_escalation(source=case_in(world), sla_due_at=_due(world, hours=2, minutes=13))
    page = as_user("frank").get(f"/escalations/{escalation.number}").text
    assert "SLA due in 2 h 13 min" in page  # the banner
    assert _sla_field(page) == "Due in 2 h 13 min Due 2026-11-27 11:13 UTC"
    assert "SLA breached" not in page


def test_escalation_page__breached_reads_how_long_ago_with_the_badge(as_user, world):
    escalation = make_escalation(source=case_in(world), sla_due_at=_due(world, minutes=-25),
                                 sla_breached_at=_due(world, minutes=-24))
    page = as_user("frank").get(f"/escalations/{escalation.number}").text
    assert "bi-alarm-fill\"></i> SLA breached 25 min ago" in page  # the banner's badge
    assert _sla_field(page) == ("Breached 25 min ago Due 2026-11-27 08:35 UTC · marked breached "
                                "2026-11-27 08:36 UTC")


def test_escalation_page__follows_the_clock(as_user, world):
    escalation = make_escalation(source=case_in(world), sla_due_at=_due(world, hours=1))
    client = as_user("frank")
    assert "SLA due in 1 h" in client.get(f"/escalations/{escalation.number}").text
    world.clock.advance(hours=1, minutes=5)
    assert "SLA breached 5 min ago" in client.get(f"/escalations/{escalation.number}").text


def test_escalation_page__closed_says_met_and_requested_not_started(as_user, world):
    closed = make_escalation(source=case_in(world), state="closed",
                             sla_due_at=_due(world, hours=1), closed_at=world.clock.now)
    requested = make_escalation(source=case_in(world), state="requested")
    client = as_user("frank")
    assert _sla_field(client.get(f"/escalations/{closed.number}").text) == (
        "Met: closed 1 h before due Due 2026-11-27 10:00 UTC")
    assert "SLA starts when escalated" in client.get(f"/escalations/{requested.number}").text


def test_escalation_page__closed_late_carries_the_missed_badge(as_user, world):
    closed = make_escalation(source=case_in(world), state="closed",
                             sla_due_at=_due(world, hours=-3), closed_at=_due(world, hours=-1))
    page = as_user("frank").get(f"/escalations/{closed.number}").text
    assert "SLA missed</span>" in page and "esc-banner" not in page
    assert _sla_field(page).startswith("Missed: closed 2 h after due")


def test_case_banner__shows_the_sla_of_its_escalation(as_user, world):
    case = case_in(world)
    make_escalation(source=case, sla_due_at=_due(world, days=3, hours=4))
    page = as_user("frank").get(f"/cases/{case.number}").text
    banner = page[page.index("esc-banner"):]
    assert "SLA due in 3 d 4 h" in banner[:banner.index("</div>")]


def test_account_banner__shows_a_breach(as_user, world):
    account = account_with_team(world)
    make_escalation(source=account, sla_due_at=_due(world, hours=-2))
    page = as_user("frank").get(f"/accounts/{account.number}").text
    banner = page[page.index("esc-banner"):]
    assert "SLA breached 2 h ago" in banner[:banner.index("</div>")]


@pytest.fixture
def three_slas(world):
    """A breached, a running and an escalation with no due time, made in that order."""
    return {
        "breached": make_escalation(source=case_in(world), sla_due_at=_due(world, minutes=-25)),
        "running": make_escalation(source=case_in(world), sla_due_at=_due(world, hours=3)),
        "no_sla": make_escalation(source=case_in(world)),
    }


def test_escalation_list__badges_and_sorts_by_sla_due_both_ways_nulls_last(as_user, three_slas):
    client = as_user("frank")
    numbers = {name: e.number for name, e in three_slas.items()}
    ascending = client.get("/escalations/?sort=sla_due_at").text
    assert _rows(ascending, "escalations") == [numbers["breached"], numbers["running"],
                                               numbers["no_sla"]]
    assert ascending.count("SLA breached</span>") == 1 and "breached 25 min ago" in ascending
    assert "due in 3 h" in ascending and "SLA due" in ascending
    descending = client.get("/escalations/?sort=-sla_due_at").text
    assert _rows(descending, "escalations") == [numbers["running"], numbers["breached"],
                                                numbers["no_sla"]]


def test_escalation_list__due_soon_gets_an_amber_badge(as_user, world):
    make_escalation(source=case_in(world), sla_due_at=_due(world, minutes=40))
    page = as_user("frank").get("/escalations/").text
    assert "text-bg-warning sla-badge" in page and "Due soon" in page


def test_escalation_list__running_clocks_sort_before_stopped_ones(as_user, world):
    closed = make_escalation(source=case_in(world), state="closed", sla_due_at=_due(world, days=-9),
                             closed_at=_due(world, days=-10))
    running = make_escalation(source=case_in(world), sla_due_at=_due(world, hours=5))
    page = as_user("frank").get("/escalations/?sort=sla_due_at").text
    assert _rows(page, "escalations") == [running.number, closed.number]


@pytest.mark.parametrize(("value", "expected"), [("true", ["breached"]),
                                                 ("false", ["running", "no_sla"])])
def test_escalation_list__breached_filter(as_user, three_slas, value, expected):
    page = as_user("frank").get(f"/escalations/?breached={value}&sort=sla_due_at").text
    assert _rows(page, "escalations") == [three_slas[name].number for name in expected]


def test_escalation_list__bad_breached_value_is_a_400_that_says_so(as_user, three_slas):
    response = as_user("frank").get("/escalations/?breached=maybe")
    assert response.status_code == 400
    assert "Choose Breached or Not breached." in response.text and "is-invalid" in response.text
    assert len(_rows(response.text, "escalations")) == 3  # the rest of the page still works


def test_escalated_cases__sla_due_column_sorts_both_ways_nulls_last(as_user, three_slas):
    client = as_user("frank")
    cases = {name: e.case.number for name, e in three_slas.items()}
    ascending = client.get("/cases/?escalated=1&sort=sla_due_at").text
    assert _rows(ascending, "cases") == [cases["breached"], cases["running"], cases["no_sla"]]
    assert "SLA breached</span>" in ascending and "due in 3 h" in ascending
    descending = client.get("/cases/?escalated=1&sort=-sla_due_at").text
    assert _rows(descending, "cases") == [cases["running"], cases["breached"], cases["no_sla"]]


def test_case_list__shows_the_breach_badge_without_the_sla_column(as_user, three_slas):
    page = as_user("frank").get("/cases/").text
    assert page.count("SLA breached</span>") == 1 and "SLA due" not in page
