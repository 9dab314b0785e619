"""The home page of agents and approvers: my open escalations, my decisions, what I watch."""

import re

from tests.builders import make_escalation, make_open_task
from tests.dashboard_world import at


def _section(html: str, section: str) -> str:
    return re.search(rf'id="{section}".*?</ul>', html, re.S).group(0)


def _tile(html: str, tile: str) -> tuple[str, str]:
    """The number on a tile and the list it opens."""
    found = re.search(rf'id="tile-{tile}" href="([^"]+)".*?data-value>([^<]+)<', html, re.S)
    return found.group(2), found.group(1).replace("&amp;", "&")


def test_home__lists_my_open_escalations_only(world, as_user):
    mine = make_escalation(requested_by=world.alice, state="escalated")
    make_escalation(requested_by=world.alice, state="closed")
    others = make_escalation(requested_by=world.erin)
    html = as_user("alice").get("/").text
    section = _section(html, "my-requested")
    assert mine.number in section and others.number not in section
    assert section.count('href="/escalations/ESC') == 1
    assert _tile(html, "requested") == ("1", "/escalations/?open=1&requested_by=alice")


def test_home__lists_the_decisions_waiting_for_me_oldest_first(world, as_user):
    world.clock.now = at("27 Nov", "09:00")
    older, newer, not_mine = make_escalation(), make_escalation(), make_escalation()
    first = make_open_task(older, created_at=at("25 Nov"), candidates=[world.bob])
    second = make_open_task(newer, created_at=at("27 Nov", "08:20"),
                            candidates=[world.bob, world.carol])
    make_open_task(not_mine, created_at=at("27 Nov"), candidates=[world.carol])
    html = as_user("bob").get("/").text
    section = _section(html, "my-decisions")
    assert re.findall(r'href="/tasks/(\d+)"', section) == [str(first.id), str(second.id)]
    assert "2 d" in section and "40 min" in section
    assert _tile(html, "decisions") == ("2", "/tasks/")


def test_home__lists_what_i_watch(world, as_user):
    watched = make_escalation(watch_list=[world.alice, world.carol], state="escalated")
    make_escalation(watch_list=[world.alice], state="declined")
    make_escalation(watch_list=[world.carol])
    html = as_user("alice").get("/").text
    section = _section(html, "my-watched")
    assert re.findall(r'href="/escalations/(ESC\d+)"', section) == [watched.number]
    assert _tile(html, "watched") == ("1", "/escalations/?open=1&watcher=alice")


def test_home__each_count_opens_a_list_of_as_many(world, as_user):
    for _ in range(12):
        make_escalation(requested_by=world.alice, watch_list=[world.alice])
    client = as_user("alice")
    html = client.get("/").text
    assert _section(html, "my-requested").count('href="/escalations/ESC') == 10
    for tile in ("requested", "watched"):
        count, url = _tile(html, tile)
        assert count == "12"
        assert "1–12 of 12" in client.get(url).text


def test_home__an_agent_without_approvals_sees_no_empty_decision_list(world, as_user):
    html = as_user("alice").get("/").text
    assert 'id="my-decisions"' not in html
    assert _tile(html, "decisions")[0] == "0"
    assert 'id="my-decisions"' in as_user("bob").get("/").text


def test_mine__is_the_home_of_those_whose_home_is_the_dashboard(world, as_user):
    make_escalation(requested_by=world.carol)
    html = as_user("carol").get("/mine").text
    assert _tile(html, "requested")[0] == "1"
    assert 'href="/dashboard/"' in html
    assert 'href="/dashboard/"' not in as_user("alice").get("/mine").text.split("<main")[1]
