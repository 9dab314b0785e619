"""Security headers on every response: pages, JSON, errors and static files alike. A response that
set its own (a diagram download's sandbox) keeps it."""

from __future__ import annotations

from flask import Flask, Response, current_app

# Scripts only from our own files (no inline script, no eval); styles may be inline, as bpmn-js
# and the severity colours set them; nothing may frame a page of ours.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def secure(response: Response) -> Response:
    """Add the security headers a response has not set itself."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["ENVIRONMENT"] == "production":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def install(app: Flask) -> None:
    """Send the security headers with every response of `app`."""
    app.after_request(secure)
