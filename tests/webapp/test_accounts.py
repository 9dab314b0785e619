"""Account list and account form."""

import re

import pytest

from tests.builders import make_account, make_case, make_user


def _numbers(html: str) -> list[str]:
    return re.findall(r'href="/accounts/(ACC\d{7})"', html)


@pytest.fixture
def reader(login_as):
    return login_as("frank")


def test_account_list__searches_sorts_and_pages(reader, app):
    app.config["PAGE_SIZE"] = 2
    names = ["Zeta Corp", "Alpha Inc", "Mid Ltd"]
    accounts = {name: make_account(name=name) for name in names}
    assert _numbers(reader.get("/accounts/?q=alpha").text) == [accounts["Alpha Inc"].number]
    assert _numbers(reader.get("/accounts/").text) == [
        accounts["Alpha Inc"].number, accounts["Mid Ltd"].number]
    assert _numbers(reader.get("/accounts/?page=2").text) == [accounts["Zeta Corp"].number]
    assert _numbers(reader.get("/accounts/?sort=-name").text)[0] == accounts["Zeta Corp"].number


def test_account_form__shows_cases_contacts_and_team(reader):
    alice = make_user(username="alice", full_name="Alice Carter")
    account = make_account(name="Northwind", team=[alice])
    case = make_case(account=account, short_description="Sync stopped")
    html = reader.get(f"/accounts/{account.number}").text
    for text in ("Northwind", case.number, "Sync stopped", "Jo Contact", "Alice Carter"):
        assert text in html


def test_account_form__unknown_number_is_404(reader):
    assert reader.get("/accounts/ACC0000999").status_code == 404
