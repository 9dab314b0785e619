"""Domain errors raised by services, mapped to HTTP once for pages and the JSON API alike."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """Base of the errors services raise; `status` is the HTTP answer."""

    status = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    """Input was refused; `fields` says what is wrong with each field."""

    status = 400


class PermissionDenied(DomainError):
    """The user lacks the role or the relation needed for this action."""

    status = 403


class NotFound(DomainError):
    """No record with that number or id."""

    status = 404


class InvalidTransition(DomainError):
    """The record is in a state that does not allow this action."""

    status = 409


class Busy(DomainError):
    """The app cannot take this action right now; nothing changed, the user may try again."""

    status = 503


TITLES = {
    400: "Bad request",
    401: "Please log in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Conflict",
    413: "Too large",
    500: "Something went wrong",
    503: "Busy",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json") or request.is_json


def _respond(status: int, message: str, fields: dict[str, str] | None = None):
    if _wants_json():
        return jsonify({"error": message, "fields": fields or {}}), status
    title = TITLES.get(status, "Error")
    return render_template("errors/page.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    """Install the handlers for domain errors, HTTP errors and unexpected failures."""

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        return _respond(error.status, error.message, error.fields)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if error.code == 413:
            limit = request.max_content_length or 0
            return _respond(413, f"The request is larger than the {limit // 1024} KB this "
                                 "address accepts; send less.")
        return _respond(error.code or 500, error.description or TITLES.get(error.code, ""))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        from webapp.extensions import db

        db.session.rollback()
        return _respond(500, "An unexpected error occurred. It has been logged.")
