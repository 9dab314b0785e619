"""HTTP Basic authentication for the API: every request names its user; no cookie is used."""

from __future__ import annotations

from flask import g, jsonify, request

from webapp.auth import service as users
from webapp.common.transactions import boundary
from webapp.logins import throttle


def authenticate_request():
    """Before each API request: set `g.api_user`, or answer 401 asking for credentials (429
    while the username or the address is throttled after too many wrong passwords)."""
    auth = request.authorization
    user = None
    if auth is not None and auth.type == "basic" and auth.username and auth.password:
        who = {"username": auth.username, "address": request.remote_addr or ""}
        refusal = throttle.refusal(**who)
        if refusal is not None:
            with boundary():
                throttle.refused(**who, why=refusal)
            response = jsonify({"error": refusal.message, "fields": {}})
            response.status_code = 429
            response.headers["Retry-After"] = str(refusal.retry_after)
            return response
        user = users.authenticate(username=auth.username, password=auth.password)
        with boundary():
            if user is None:
                throttle.failed(**who)
            else:
                throttle.succeeded(username=auth.username)
    if user is None:
        response = jsonify({"error": "Authentication required: use HTTP Basic with a valid "
                                     "username and password.", "fields": {}})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="Escalations API"'
        return response
    g.api_user = user
    return None
