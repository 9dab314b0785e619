"""Personal API tokens: made on the profile page and shown once, a Bearer credential until
revoked or expired; and HTTP Basic paying the password hash once per series of calls."""

import re
from datetime import timedelta

import pytest

from tests.webapp.escalations.api_helpers import basic
from webapp.audit.models import AuditEntry
from webapp.auth import service as users
from webapp.common.time import utcnow
from webapp.common.transactions import boundary
from webapp.extensions import db
from webapp.logins import tokens
from webapp.logins.models import ApiToken

TOKEN = re.compile(r'id="new-token" readonly value="(esc_[^"]+)"')


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _make(as_user, username="alice", **form) -> tuple[object, str]:
    client = as_user(username)
    page = client.post("/profile/tokens", data={"name": "nightly report", **form})
    assert page.status_code == 200, page.text
    return client, TOKEN.search(page.text).group(1)


def test_token__is_shown_once_and_kept_only_as_a_hash(as_user, world):
    client, token = _make(as_user)
    row = db.session.query(ApiToken).one()
    assert row.token_hash != token and token not in row.token_hash and len(row.token_hash) == 64
    page = client.get("/profile/").text
    assert token not in page and row.prefix in page and "nightly report" in page
    assert db.session.query(AuditEntry).filter_by(action="token_created").count() == 1


def test_bearer_token__calls_the_api_as_its_owner_and_records_its_use(as_user, client, world):
    _, token = _make(as_user)
    response = client.get("/api/notifications", headers=_bearer(token))
    assert response.status_code == 200
    row = db.session.query(ApiToken).one()
    db.session.refresh(row)
    assert row.last_used_at is not None
    assert "not yet" not in as_user("alice").get("/profile/").text


@pytest.mark.parametrize("spoil", ["revoked", "expired", "owner inactive", "unknown"])
def test_spoiled_token__is_401(as_user, client, world, spoil):
    _, token = _make(as_user)
    with boundary():
        row = db.session.query(ApiToken).one()
        if spoil == "revoked":
            tokens.revoke(user=row.user, token_id=row.id)
        elif spoil == "expired":
            row.expires_at = utcnow() - timedelta(seconds=1)
        elif spoil == "owner inactive":
            row.user.active = False
    sent = token if spoil != "unknown" else token[:-4] + "AAAA"
    response = client.get("/api/notifications", headers=_bearer(sent))
    assert response.status_code == 401 and "Bearer" in response.headers["WWW-Authenticate"]


def test_revoke__is_for_the_owner_only(as_user, world):
    _make(as_user, "alice")
    row = db.session.query(ApiToken).one()
    assert as_user("bob").post(f"/profile/tokens/{row.id}/revoke").status_code == 404
    db.session.refresh(row)
    assert row.revoked_at is None
    response = as_user("alice").post(f"/profile/tokens/{row.id}/revoke", follow_redirects=True)
    assert "revoked" in response.text
    db.session.refresh(row)
    assert row.revoked_at is not None


@pytest.mark.parametrize(("form", "field"), [
    ({"name": ""}, "name"), ({"name": "x" * 81}, "name"),
    ({"expires_in_days": "0"}, "expires_in_days"), ({"expires_in_days": "400"}, "expires_in_days"),
    ({"expires_in_days": "soon"}, "expires_in_days")])
def test_bad_token_form__says_what_is_wrong_and_makes_nothing(as_user, world, form, field):
    page = as_user("alice").post("/profile/tokens", data={"name": "ok", **form})
    assert page.status_code == 400 and "is-invalid" in page.text
    assert db.session.query(ApiToken).count() == 0


def test_expiry__is_counted_in_days_from_now(as_user, world):
    _make(as_user, expires_in_days="30")
    row = db.session.query(ApiToken).one()
    assert timedelta(days=29, hours=23) < row.expires_at - row.created_at <= timedelta(days=30)


def test_basic__pays_the_password_hash_once_per_series(client, world, monkeypatch):
    checked = []
    real = users.authenticate
    monkeypatch.setattr(users, "authenticate",
                        lambda **kw: checked.append(kw["username"]) or real(**kw))
    for _ in range(3):
        assert client.get("/api/notifications", headers=basic("alice")).status_code == 200
    assert checked == ["alice"]


def test_basic__a_new_password_drops_the_remembered_credential(client, world):
    assert client.get("/api/notifications", headers=basic("alice")).status_code == 200
    with boundary():
        users.get_by_username("alice").set_password("changed", method="pbkdf2:sha256:1000")
    assert client.get("/api/notifications", headers=basic("alice")).status_code == 401
    assert client.get("/api/notifications",
                      headers=basic("alice", "changed")).status_code == 200
