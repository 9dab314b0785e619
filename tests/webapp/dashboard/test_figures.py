"""The dashboard's figures against escalations counted by hand (tests/dashboard_world.py)."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import event

from tests.builders import make_case, make_escalation, make_open_task
from tests.dashboard_world import NOW, at, build_counted
from webapp.dashboard import service
from webapp.extensions import db


@pytest.fixture
def counted(app, world):
    assert world.clock.now == NOW
    with app.test_request_context():
        yield build_counted(world)


def figures(**scope):
    return service.figures(scope=service.Scope(**scope), now=NOW)


def args(url):
    """The path and query arguments of a link."""
    parts = urlsplit(url)
    return parts.path, dict(parse_qsl(parts.query))


def test_open_escalations__by_severity_with_colours_and_breached(counted):
    found = figures()
    assert found["open"]["count"] == 8
    assert [(s["name"], s["color"], s["count"], s["breached"])
            for s in found["open"]["by_severity"]] == [
        ("High Severity", "#d9534f", 3, 1), ("Medium Severity", "#f0ad4e", 3, 1),
        ("Low Severity", "#5cb85c", 2, 1)]
    assert found["breached"]["count"] == 3


def test_breached_now__counts_what_is_past_due_not_what_is_due_later(counted):
    make_escalation(state="escalated", escalated_at=at("27 Nov", "06:00"),
                    sla_due_at=at("27 Nov", "09:01"))
    later = figures()
    assert (later["open"]["count"], later["breached"]["count"]) == (9, 3)
    assert later["hottest"]["rows"][3]["due"] == "due in 1 min"


def test_open_escalations__link_to_their_lists(counted):
    found = figures()
    assert args(found["open"]["url"]) == ("/escalations/", {"open": "1"})
    high = found["open"]["by_severity"][0]
    assert args(high["url"]) == ("/escalations/", {"open": "1", "severity": str(high["id"])})
    assert args(found["breached"]["url"]) == ("/escalations/", {"open": "1", "breached": "true"})


def test_waiting_approvals__by_age_of_the_oldest_open_task(counted):
    waiting = figures()["waiting"]
    assert waiting["count"] == 5
    assert [(b["label"], b["count"]) for b in waiting["by_age"]] == [
        ("< 1 h", 2), ("1–4 h", 1), ("4–24 h", 1), ("> 1 d", 1)]
    assert args(waiting["url"]) == ("/escalations/", {"waiting": "any"})
    assert args(waiting["by_age"][1]["url"]) == ("/escalations/", {"waiting": "1h-4h"})


def test_waiting_approvals__an_age_on_a_bucket_edge_goes_to_the_older_bucket(counted):
    make_open_task(make_escalation(), created_at=at("27 Nov", "08:00"))  # exactly 1 h
    assert [b["count"] for b in figures()["waiting"]["by_age"]] == [2, 2, 1, 1]


def test_median_time_to_approve__over_escalations_escalated_in_the_last_90_days(counted):
    found = figures()["time_to_approve"]
    assert (found["seconds"], found["count"], found["text"]) == (3600, 7, "1 h")
    assert args(found["url"]) == ("/escalations/", {"escalated_from": "2026-08-30",
                                                    "escalated_to": "2026-11-27"})


def test_median_time_escalated__over_escalations_closed_in_the_last_90_days(counted):
    found = figures()["time_escalated"]
    assert (found["seconds"], found["count"], found["text"]) == (561600, 4, "6 d 12 h")
    assert args(found["url"]) == ("/escalations/", {"state": "closed",
                                                    "closed_from": "2026-08-30",
                                                    "closed_to": "2026-11-27"})


def test_medians__the_window_starts_at_midnight_89_days_before_today(counted):
    make_escalation(state="escalated", opened_at=at("29 Aug", "23:00"),
                    escalated_at=at("30 Aug", "00:00"))  # in: one hour to approve
    make_escalation(state="escalated", opened_at=at("29 Aug", "20:00"),
                    escalated_at=at("29 Aug", "23:59:59"))  # out
    found = figures()["time_to_approve"]
    assert (found["seconds"], found["count"]) == (3600, 8)


def test_medians__an_odd_count_takes_the_middle_value(counted):
    counted["C6"].state = "escalated"  # no longer closed: three values left
    db.session.commit()
    found = figures()["time_escalated"]
    assert (found["seconds"], found["count"]) == (259200, 3)


def test_medians__none_without_escalations(world, app):
    with app.test_request_context():
        found = figures()
    assert (found["time_to_approve"]["seconds"], found["time_to_approve"]["text"]) == (None, "—")
    assert found["time_escalated"]["count"] == 0


def test_weeks__twelve_mondays_ending_with_this_week(counted):
    weeks = figures()["weeks"]
    assert [w["start"] for w in (weeks[0], weeks[-1])] == ["2026-09-07", "2026-11-23"]
    assert len(weeks) == 12 and weeks[-1]["label"] == "23 Nov"
    assert args(weeks[-1]["url"]) == ("/escalations/", {"opened_from": "2026-11-23",
                                                        "opened_to": "2026-11-29"})


def test_escalations_per_week__by_reason(counted):
    by_reason = {s["key"]: s["counts"] for s in figures()["by_reason"]}
    assert by_reason == {
        "inactivity": [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 2],
        "lack_of_progress": [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 3],
        "customer_imposed_deadline": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
    }


def test_escalations_per_week__by_source_type(counted):
    by_source = {s["key"]: s["counts"] for s in figures()["by_source_type"]}
    assert by_source == {"case": [0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 5],
                         "account": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]}


def test_escalations_per_week__each_bar_links_to_its_week_and_value(counted):
    deadline = figures()["by_reason"][2]
    assert args(deadline["urls"][10]) == ("/escalations/", {
        "opened_from": "2026-11-16", "opened_to": "2026-11-22",
        "reason": "customer_imposed_deadline"})
    assert args(deadline["url"])[1] == {"opened_from": "2026-09-07", "opened_to": "2026-11-29",
                                        "reason": "customer_imposed_deadline"}


def test_hottest__breached_first_then_by_sla_due(counted):
    hottest = figures()["hottest"]
    assert [(r["number"], r["breached"], r["due"]) for r in hottest["rows"]] == [
        (counted["E6"].number, True, "breached 16 d ago"),
        (counted["E1"].number, True, "breached 20 h ago"),
        (counted["E7"].number, True, "breached 1 h ago"),
        (counted["E2"].number, False, "due in 1 h"),
    ]
    assert hottest["rows"][0]["url"] == f"/escalations/{counted['E6'].number}"
    assert args(hottest["url"]) == ("/escalations/", {"open": "1", "sort": "sla_due_at"})


def test_hottest__keeps_ten(counted):
    for hour in range(10):
        make_escalation(state="escalated", escalated_at=NOW, sla_due_at=at("28 Nov", f"{hour}:00"))
    rows = figures()["hottest"]["rows"]
    assert len(rows) == 10
    assert rows[-1]["due"] == "due in 20 h"


def test_scope__group_counts_its_own_escalations_and_its_cases(counted, world):
    found = figures(group=world.tier1)
    assert [s["count"] for s in found["open"]["by_severity"]] == [2, 2, 2]
    assert found["breached"]["count"] == 3
    assert [b["count"] for b in found["waiting"]["by_age"]] == [2, 0, 0, 1]
    # Approve times: E1, E2, E6, E7, C1, C4 (C2 belongs to Tier 2 by its own group).
    assert (found["time_to_approve"]["seconds"], found["time_to_approve"]["count"]) == (5400, 6)
    assert found["time_escalated"]["count"] == 2  # C1 and C4
    assert {s["key"]: sum(s["counts"]) for s in found["by_source_type"]} == {"case": 8,
                                                                             "account": 1}


def test_scope__group_of_a_case_escalation_with_its_own_group(counted):
    found = figures(group=counted.tier2)
    assert found["open"]["count"] == 1  # E4
    assert found["time_escalated"]["count"] == 2  # C2 (its own group) and C6 (its case's)


def test_scope__account_and_both(counted, world):
    assert figures(account=counted.account_a)["open"]["count"] == 6
    both = figures(group=world.tier1, account=counted.account_a)
    assert both["open"]["count"] == 5
    assert args(both["open"]["url"])[1] == {"open": "1", "group": str(world.tier1.id),
                                            "account": str(counted.account_a.id)}
    assert [r["number"] for r in both["hottest"]["rows"]] == [
        counted[name].number for name in ("E6", "E1", "E7")]


@pytest.mark.parametrize(("group", "account", "fields"), [
    ("abc", "", {"group"}), ("999999", "", {"group"}), ("", "-1", {"account"}),
    ("", "1e3", {"account"}), ("x", "999999", {"group", "account"}),
    ("9" * 40, "", {"group"}),
])
def test_scope_from__refuses_values_that_name_nothing(world, group, account, fields):
    with pytest.raises(service.ValidationFailed) as refused:
        service.scope_from(group=group, account=account)
    assert set(refused.value.fields) == fields
    assert refused.value.message.startswith("The dashboard cannot be filtered so:")


def test_scope_from__reads_ids_and_blanks(world):
    scope = service.scope_from(group=str(world.tier1.id), account="")
    assert scope.group == world.tier1 and scope.account is None


def test_figures__take_as_many_queries_for_many_escalations_as_for_few(counted, app):
    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            figures()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    few = statements()
    for n in range(40):
        escalation = make_escalation(case=make_case(), state="escalated", escalated_at=NOW,
                                     opened_at=at("20 Nov"), sla_due_at=at("28 Nov"))
        make_open_task(escalation, created_at=at("26 Nov", f"{n % 24}:00"))
    db.session.expire_all()
    assert statements() == few
