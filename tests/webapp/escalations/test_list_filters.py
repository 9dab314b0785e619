"""The escalation list narrowed by links: reason, group, account, people, waiting and days."""

import re

import pytest

from tests.builders import make_case, make_escalation, make_group, make_open_task
from tests.dashboard_world import at


def _numbers(client, query: str) -> list[str]:
    html = client.get(f"/escalations/?{query}").text
    return sorted(re.findall(r'href="/escalations/(ESC\d{7})"', html))


@pytest.fixture
def listed(world, as_user):
    return lambda query: _numbers(as_user("alice"), query)


def test_list__by_reason(world, listed):
    wanted = make_escalation(reason="lack_of_progress")
    make_escalation(reason="inactivity")
    assert listed("reason=lack_of_progress") == [wanted.number]
    assert len(listed("reason=nonsense")) == 2  # an unusable value narrows nothing


def test_list__by_group_its_own_else_its_cases(world, listed):
    other = make_group(name="Other")
    by_case = make_escalation(case=make_case(assignment_group=world.tier1))
    by_own = make_escalation(case=make_case(assignment_group=other), assignment_group=world.tier1)
    make_escalation(case=make_case(assignment_group=world.tier1), assignment_group=other)
    assert listed(f"group={world.tier1.id}") == sorted([by_case.number, by_own.number])


def test_list__by_account_of_case_and_account_escalations(world, listed):
    case = make_case()
    of_case = make_escalation(case=case)
    of_account = make_escalation(account=case.account, assignment_group=world.management)
    make_escalation()
    assert listed(f"account={case.account.id}") == sorted([of_case.number, of_account.number])


def test_list__requested_by_and_watched_by(world, listed):
    mine = make_escalation(requested_by=world.alice)
    watched = make_escalation(watch_list=[world.alice, world.bob])
    make_escalation(requested_by=world.bob)
    assert listed("requested_by=alice") == [mine.number]
    assert listed("watcher=alice") == [watched.number]


def test_list__waiting_for_a_decision_by_age_of_the_oldest_open_task(world, listed):
    world.clock.now = at("27 Nov", "09:00")
    fresh, old = make_escalation(), make_escalation()
    make_open_task(fresh, created_at=at("27 Nov", "08:30"))
    make_open_task(old, created_at=at("27 Nov", "07:00"))
    make_open_task(old, created_at=at("27 Nov", "08:59"))
    make_escalation()
    assert listed("waiting=any") == sorted([fresh.number, old.number])
    assert listed("waiting=under-1h") == [fresh.number]
    assert listed("waiting=1h-4h") == [old.number]
    assert listed("waiting=over-1d") == []


def test_list__by_days_opened_escalated_or_closed_both_days_included(world, listed):
    first = make_escalation(opened_at=at("2 Nov", "00:00"), escalated_at=at("3 Nov"),
                            state="closed", closed_at=at("8 Nov", "23:59:59"))
    make_escalation(opened_at=at("1 Nov", "23:59:59"))
    make_escalation(opened_at=at("9 Nov", "00:00"))
    assert listed("opened_from=2026-11-02&opened_to=2026-11-08") == [first.number]
    assert listed("closed_to=2026-11-08") == [first.number]
    assert listed("escalated_from=2026-11-04") == []
    assert len(listed("opened_from=not-a-day")) == 3


def test_list__says_what_a_link_narrowed_it_to_and_keeps_it_in_the_form(world, as_user):
    make_escalation()
    html = as_user("alice").get(
        f"/escalations/?group={world.tier1.id}&requested_by=bob&waiting=4h-24h"
        "&opened_from=2026-11-02&opened_to=2026-11-08").text
    narrowing = re.search(r'id="list-narrowing".*?</div>', html, re.S).group(0)
    assert "Group: <strong>Tier 1 Support</strong>" in narrowing
    assert "Requested by: <strong>Bob</strong>" in narrowing
    assert "Waiting: <strong>for a decision, 4–24 h</strong>" in narrowing
    assert "Opened: <strong>2 Nov 2026 – 8 Nov 2026</strong>" in narrowing
    assert '<input type="hidden" name="opened_from" value="2026-11-02">' in narrowing
