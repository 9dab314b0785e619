"""Sessions end when they should (log out, a new password) and log-ins are throttled after too
many wrong passwords, per username and per address, at the form and at the API alike."""

from datetime import timedelta

import pytest
from flask import g, request
from sqlalchemy import select

from tests.webapp.escalations.api_helpers import basic
from webapp import create_app
from webapp.audit.models import AuditEntry
from webapp.auth import service as users
from webapp.common.time import utcnow
from webapp.common.transactions import boundary
from webapp.config import load_config
from webapp.extensions import db
from webapp.logins.models import LoginFailure


def _log_in(client, username="alice", password="demo", **extra):
    return client.post("/login", data={"username": username, "password": password, **extra})


def _cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def _with_cookies(app, **cookies):
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def _audited(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_logout__ends_a_copied_session_cookie(app, client, world):
    assert _log_in(client).status_code == 302
    stolen = _with_cookies(app, session=_cookie(client, "session"))
    assert stolen.get("/cases/").status_code == 200
    client.post("/logout")
    assert stolen.get("/cases/").status_code == 302  # back to the login page


def test_logout__ends_the_remember_me_cookie_too(app, client, world):
    assert _log_in(client, remember="y").status_code == 302
    remembered = _with_cookies(app, remember_token=_cookie(client, "remember_token"))
    assert remembered.get("/cases/").status_code == 200
    client.post("/logout")
    assert _with_cookies(app, remember_token=_cookie(remembered, "remember_token") or "").get(
        "/cases/").status_code == 302


def test_new_password__ends_every_session_of_the_user(app, client, world):
    _log_in(client)
    with boundary():
        users.get_by_username("alice").set_password("a new one", method="pbkdf2:sha256:1000")
    g.pop("_login_user", None)  # the test's app context, shared by its requests, remembers her
    assert client.get("/cases/").status_code == 302
    assert _log_in(app.test_client(), password="a new one").status_code == 302


def test_login__starts_a_fresh_session(client, world):
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    _log_in(client)
    with client.session_transaction() as after:
        assert "planted" not in after and after.get("_user_id")


def test_remember_cookie__is_http_only_lax_and_lasts_two_weeks(client, world):
    response = _log_in(client, remember="y")
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith("remember_token="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # only in production, where the app is served over HTTPS


def test_production__sends_session_and_remember_cookies_over_https_only(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = load_config(str(tmp_path), overrides={"ENVIRONMENT": "production"})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)


def test_wrong_passwords__then_even_the_right_one_waits(client, world):
    for _ in range(5):
        assert _log_in(client, password="wrong").status_code == 401
    refused = _log_in(client)
    assert refused.status_code == 429
    assert "Too many failed log-ins for this username: try again in 15 minutes." in refused.text
    assert 890 <= int(refused.headers["Retry-After"]) <= 900
    assert len(_audited("login_failed")) == 5 and len(_audited("login_throttled")) == 1
    assert client.get("/cases/").status_code == 302  # not logged in


def test_throttle__lets_go_once_the_failures_are_older_than_the_window(client, world):
    old = utcnow() - timedelta(minutes=16)
    with boundary():
        db.session.add_all(LoginFailure(username="alice", address="127.0.0.1", at=old)
                           for _ in range(5))
    assert _log_in(client).status_code == 302


def test_right_password__clears_the_usernames_failures(client, world):
    for _ in range(4):
        _log_in(client, password="wrong")
    assert _log_in(client).status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert _log_in(client, password="wrong").status_code == 401
    assert _log_in(client).status_code == 302


def test_one_address__is_throttled_across_usernames(client, world):
    for attempt in range(20):
        _log_in(client, username=f"nobody{attempt}", password="wrong")
    refused = _log_in(client, username="bob")
    assert refused.status_code == 429 and "from your address" in refused.text


def test_api__wrong_passwords_then_429_with_retry_after(client, world):
    for _ in range(5):
        assert client.get("/api/escalations", headers=basic("alice", "wrong")).status_code \
            == 401
    refused = client.get("/api/escalations", headers=basic("alice"))
    assert refused.status_code == 429
    assert "try again in 15 minutes" in refused.json["error"]
    assert int(refused.headers["Retry-After"]) > 0
    assert len(_audited("login_failed")) == 5 and _audited("login_throttled")


@pytest.mark.parametrize("session_id", ["1", "x.1", "1.x", "", "99999.1"])
def test_session_id__that_is_not_a_current_one_loads_nobody(world, session_id):
    assert users.load_user(session_id) is None



def test_without_a_trusted_proxy__a_forwarded_address_is_not_believed(client, world):
    for _ in range(3):
        client.post("/login", data={"username": "nobody", "password": "x"},
                    headers={"X-Forwarded-For": "203.0.113.9"})
    assert db.session.scalars(select(LoginFailure.address).distinct()).all() == ["127.0.0.1"]


def test_proxy_hops__make_the_app_read_the_forwarded_address(monkeypatch, tmp_path):
    monkeypatch.setenv("PROXY_HOPS", "1")
    app = create_app({"ENVIRONMENT": "test", "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    seen = {}
    app.add_url_rule("/whoami", "whoami", lambda: seen.setdefault("addr", request.remote_addr))
    app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen["addr"] == "203.0.113.9"
