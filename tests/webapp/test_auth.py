"""Logging in and out."""

import pytest

from tests.builders import make_user


def _login(client, username, password, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password})


def _is_logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_login__right_password_starts_a_session(client):
    make_user(username="alice", roles=["agent"], password="demo")
    response = _login(client, "alice", "demo")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _is_logged_in(client)


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong"), ("nobody", "demo"), ("ALICE", "demo"), ("alice", "")],
)
def test_login__bad_credentials_say_so_without_saying_which_part(client, username, password):
    make_user(username="alice", password="demo")
    response = _login(client, username, password)
    assert response.status_code in (400, 401, 200)
    assert response.status_code != 302
    assert not _is_logged_in(client)
    if password:
        assert "Invalid username or password." in response.text
        assert 'value="' + username + '"' in response.text  # the username is kept


def test_login__inactive_user_gets_no_session(client):
    make_user(username="gone", password="demo", active=False)
    response = _login(client, "gone", "demo")
    assert "Invalid username or password." in response.text
    assert not _is_logged_in(client)


def test_login__no_session_cookie_is_set_on_failure(client):
    make_user(username="alice", password="demo")
    _login(client, "alice", "nope")
    with client.session_transaction() as session:
        assert "_user_id" not in session


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil", "javascript:x"],
)
def test_login__next_pointing_off_site_goes_home(client, target):
    make_user(username="alice", password="demo")
    response = _login(client, "alice", "demo", next_url=target)
    assert response.headers["Location"] == "/"


def test_login__next_on_this_site_is_followed(client):
    make_user(username="alice", password="demo")
    response = _login(client, "alice", "demo", next_url="/cases/?state=new")
    assert response.headers["Location"] == "/cases/?state=new"


def test_pages__anonymous_user_is_sent_to_login_with_next(client):
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout__ends_the_session(login_as):
    client = login_as("alice", roles=["agent"])
    response = client.post("/logout")
    assert response.status_code == 302
    assert not _is_logged_in(client)


def test_login__form_without_csrf_token_is_refused(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    make_user(username="alice", password="demo")
    response = _login(client, "alice", "demo")
    assert response.status_code == 400
    assert "CSRF" in response.text
    assert not _is_logged_in(client)
