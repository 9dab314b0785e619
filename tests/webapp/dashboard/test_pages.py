"""The dashboard page and its JSON: who sees them, the filter, and the lists behind the figures."""

import re

import pytest

from tests.dashboard_world import build_counted


@pytest.fixture
def counted(world):
    return build_counted(world)


def _listed(client, url) -> int:
    """How many escalations the list at `url` says it holds."""
    page = client.get(url)
    assert page.status_code == 200, url
    found = re.search(r"–\d+ of ([\d,]+)", page.text)
    return int(found.group(1).replace(",", "")) if found else 0


@pytest.mark.parametrize(("username", "status"), [
    ("carol", 200), ("dave", 200), ("admin", 200),
    ("alice", 403), ("bob", 403), ("erin", 403), ("frank", 403), ("pat", 403),
])
def test_dashboard__for_managers_escalation_managers_and_admins(as_user, username, status):
    client = as_user(username)
    assert client.get("/dashboard/").status_code == status
    data = client.get("/dashboard/data.json")
    assert data.status_code == status
    if status == 403:
        assert data.get_json()["error"].startswith("The dashboard is for managers")


@pytest.mark.parametrize(("username", "lands_on"), [
    ("carol", "/dashboard/"), ("dave", "/dashboard/"), ("admin", "/dashboard/"),
    ("alice", None), ("bob", None), ("erin", None), ("frank", None), ("pat", None),
])
def test_home__sends_those_with_the_dashboard_to_it(as_user, username, lands_on):
    response = as_user(username).get("/")
    if lands_on:
        assert (response.status_code, response.headers["Location"]) == (302, lands_on)
    else:
        assert response.status_code == 200 and "Waiting for my decision" in response.text


def test_dashboard__asks_for_a_login_first(client, world):
    assert client.get("/dashboard/data.json").headers["Location"].startswith("/login")


@pytest.mark.parametrize(("query", "field", "message"), [
    ("group=abc", "group", "'abc' is not the id of an assignment group: use a number."),
    ("group=999999", "group", "There is no assignment group with id 999999."),
    ("account=ACC0000001", "account", "'ACC0000001' is not the id of an account: use a number."),
    ("account=999999", "account", "There is no account with id 999999."),
])
def test_data__a_filter_that_names_nothing_is_a_400_saying_why(as_user, query, field, message):
    client = as_user("carol")
    response = client.get(f"/dashboard/data.json?{query}")
    assert response.status_code == 400
    assert response.get_json()["fields"] == {field: message}
    assert message in response.get_json()["error"]
    page = client.get(f"/dashboard/?{query}")
    assert page.status_code == 400 and message.replace("'", "&#39;") in page.text


def test_page__shows_the_numbers_counted_by_hand(as_user, counted):
    html = as_user("carol").get("/dashboard/").text
    tiles = dict(re.findall(r'id="tile-([\w-]+)".*?data-value>([^<]+)<', html, re.S))
    assert tiles == {"open": "8", "breached": "3", "waiting": "5", "approve-time": "1 h",
                     "escalated-time": "6 d 12 h"}
    assert re.findall(r'data-number="(ESC\d+)"', html) == [
        counted[name].number for name in ("E6", "E1", "E7", "E2")]
    assert 'src="/static/vendor/charts/charts.js"' in html
    assert "<script>" not in html  # the page's script lives in a file


def test_page__narrowed_by_group_and_account(as_user, counted, world):
    client = as_user("carol")
    html = client.get(f"/dashboard/?group={world.tier1.id}&account={counted.account_a.id}").text
    assert re.search(r'id="tile-open".*?data-value>5<', html, re.S)
    assert f'data-source="/dashboard/data.json?group={world.tier1.id}&amp;account=' in html
    assert re.search(rf'<option value="{world.tier1.id}" selected>', html)


def test_every_figure__links_to_a_list_of_as_many_escalations(as_user, counted, world):
    client = as_user("carol")
    for scope in ("", f"?group={world.tier1.id}", f"?account={counted.account_b.id}"):
        data = client.get(f"/dashboard/data.json{scope}").get_json()
        figures = [data["open"], *data["open"]["by_severity"], data["waiting"],
                   *data["waiting"]["by_age"], data["time_to_approve"], data["time_escalated"]]
        for figure in figures:
            assert _listed(client, figure["url"]) == figure["count"], figure["url"]
        for series in data["by_reason"] + data["by_source_type"]:
            assert _listed(client, series["url"]) == sum(series["counts"]), series["url"]
            for url, count in zip(series["urls"], series["counts"], strict=True):
                assert _listed(client, url) == count, url
        for week in data["weeks"]:
            counts = [s["counts"][data["weeks"].index(week)] for s in data["by_reason"]]
            assert _listed(client, week["url"]) == sum(counts), week["url"]
