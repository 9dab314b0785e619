"""API authentication: every request names its user, with a personal token (`Authorization:
Bearer …`) or HTTP Basic; no cookie is used. Basic credentials verified a moment ago are
remembered briefly, so a series of calls pays the password hash once."""

from __future__ import annotations

from flask import g, jsonify, request

from webapp.auth import service as users
from webapp.auth.models import User
from webapp.common.transactions import boundary
from webapp.logins import throttle, tokens

ASK = ("Authentication required: send a personal API token (Authorization: Bearer …, made on "
       "your profile page) or HTTP Basic with a valid username and password.")
CHALLENGE = 'Bearer realm="Escalations API", Basic realm="Escalations API"'


def authenticate_request():
    """Before each API request: set `g.api_user`, or answer 401 asking for credentials (429
    while the username or the address is throttled after too many wrong passwords)."""
    auth = request.authorization
    user = None
    if auth is not None and auth.type == "bearer" and auth.token:
        with boundary():  # the token's last use
            user = tokens.user_for(auth.token)
    elif auth is not None and auth.type == "basic" and auth.username and auth.password:
        user = tokens.verified.user(auth.username, auth.password)
        if user is None:
            answer = _check_password(auth.username, auth.password)
            if not isinstance(answer, User):
                return answer
            user = answer
    if user is None:
        return _refuse(ASK, 401)
    g.api_user = user
    return None


def _check_password(username: str, password: str):
    """The user, once the password is checked (and remembered briefly); else a 401 or 429."""
    who = {"username": username, "address": request.remote_addr or ""}
    refusal = throttle.refusal(**who)
    if refusal is not None:
        with boundary():
            throttle.refused(**who, why=refusal)
        return _refuse(refusal.message, 429, retry_after=refusal.retry_after)
    user = users.authenticate(username=username, password=password)
    with boundary():
        if user is None:
            throttle.failed(**who)
        else:
            throttle.succeeded(username=username)
    if user is None:
        return _refuse(ASK, 401)
    tokens.verified.remember(username, password, user)
    return user


def _refuse(message: str, status: int, *, retry_after: int | None = None):
    response = jsonify({"error": message, "fields": {}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = CHALLENGE
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response
