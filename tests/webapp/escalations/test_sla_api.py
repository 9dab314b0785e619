"""The SLA in the JSON API: sla_due_at, sla_breached_at and sla_breached on escalations, and
GET /api/escalations?breached=true|false (a bad value is a 400 that names the argument)."""

from datetime import timedelta

import pytest

from tests.builders import make_escalation
from tests.escalation_world import case_in
from tests.webapp.escalations.api_helpers import Api


@pytest.fixture
def api(client, world):
    return Api(client, "frank")


def test_escalation__carries_its_sla(api, world):
    due = world.clock.now - timedelta(minutes=10)
    marked = world.clock.now - timedelta(minutes=9)
    escalation = make_escalation(source=case_in(world), sla_due_at=due, sla_breached_at=marked)
    body = api.get(f"/escalations/{escalation.number}").json
    assert body["sla_due_at"] == "2026-11-27T08:50:00+00:00"
    assert body["sla_breached_at"] == "2026-11-27T08:51:00+00:00"
    assert (body["sla_breached"], body["sla_state"]) == (True, "breached")


def test_escalation__past_due_counts_as_breached_before_the_worker_marks_it(api, world):
    escalation = make_escalation(source=case_in(world), sla_due_at=world.clock.now)
    body = api.get(f"/escalations/{escalation.number}").json
    assert (body["sla_breached"], body["sla_breached_at"]) == (True, None)


def test_escalation__without_a_clock_is_not_breached(api, world):
    escalation = make_escalation(source=case_in(world), state="requested")
    body = api.get(f"/escalations/{escalation.number}").json
    assert (body["sla_due_at"], body["sla_breached_at"], body["sla_breached"],
            body["sla_state"]) == (None, None, False, "not_started")


@pytest.fixture
def two(world):
    return {"breached": make_escalation(source=case_in(world),
                                        sla_due_at=world.clock.now - timedelta(hours=1)),
            "running": make_escalation(source=case_in(world),
                                       sla_due_at=world.clock.now + timedelta(hours=1))}


@pytest.mark.parametrize(("value", "expected"), [("true", "breached"), ("false", "running"),
                                                 ("TRUE", "breached")])
def test_list__breached_filter(api, two, value, expected):
    body = api.get(f"/escalations?breached={value}").json
    assert [e["number"] for e in body["results"]] == [two[expected].number]
    assert body["results"][0]["sla_breached"] is (expected == "breached")


def test_list__without_the_filter_lists_both_and_sorts_by_sla_due(api, two):
    body = api.get("/escalations?sort=sla_due_at").json
    assert [e["number"] for e in body["results"]] == [two["breached"].number,
                                                      two["running"].number]


@pytest.mark.parametrize("value", ["maybe", "1", "yes", "truee"])
def test_list__bad_breached_value_is_a_400_that_says_so(api, two, value):
    response = api.get(f"/escalations?breached={value}")
    assert response.status_code == 400
    assert response.json == {"error": f"breached must be true or false, not {value!r}.",
                             "fields": {"breached": "Use true or false."}}
