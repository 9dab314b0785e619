"""Security headers on every kind of response: a page, JSON, an error page, a static file."""

import pytest

from tests.webapp.escalations.api_helpers import basic
from webapp.common.headers import HEADERS
from webapp.escalations.templates import service as templates

KINDS = {"page": ("/login", 200), "json": ("/api/escalations", 200),
         "error page": ("/cases/CS9999999", 404), "json error": ("/api/escalations/ESC9", 404),
         "static file": ("/static/app.css", 200), "anonymous redirect": ("/cases/", 302)}


@pytest.mark.parametrize(("url", "status"), KINDS.values(), ids=KINDS)
def test_every_response__carries_the_security_headers(client, world, url, status):
    signed_in = url.startswith("/api") or url.startswith("/cases/CS")
    if url.startswith("/cases/CS"):
        client.post("/login", data={"username": "alice", "password": "demo"})
    response = client.get(url, headers=basic("alice") if signed_in else {})
    assert response.status_code == status
    for name, value in HEADERS.items():
        assert response.headers[name] == value, name
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
        "script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_a_download__keeps_its_own_sandboxing_policy(client, world):
    client.post("/login", data={"username": "pat", "password": "demo"})
    template = templates.get_by_name("Standard Case Escalation")
    response = client.get(f"/admin/templates/{template.id}/diagram.bpmn")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_production__adds_strict_transport_security(app, client, world):
    app.config["ENVIRONMENT"] = "production"
    try:
        response = client.get("/login")
    finally:
        app.config["ENVIRONMENT"] = "test"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
