"""HTTP Basic authentication for the API: every request names its user; no cookie is used."""

from __future__ import annotations

from flask import g, jsonify, request

from webapp.auth import service as users


def authenticate_request():
    """Before each API request: set `g.api_user`, or answer 401 asking for credentials."""
    auth = request.authorization
    user = None
    if auth is not None and auth.type == "basic" and auth.username and auth.password:
        user = users.authenticate(username=auth.username, password=auth.password)
    if user is None:
        response = jsonify({"error": "Authentication required: use HTTP Basic with a valid "
                                     "username and password.", "fields": {}})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="Escalations API"'
        return response
    g.api_user = user
    return None
