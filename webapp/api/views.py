"""The JSON API: the same use cases as the pages; errors answer {"error", "fields"}."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, jsonify, request

from webapp.accounts import service as accounts
from webapp.api import serialize
from webapp.api.auth import authenticate_request
from webapp.cases import service as cases
from webapp.common.forms import optional_flag
from webapp.common.pagination import parse_page
from webapp.common.time import app_now
from webapp.errors import ValidationFailed
from webapp.escalations import manage, policy, queries, service
from webapp.escalations.service import EscalationRequest
from webapp.escalations.tasks import service as tasks
from webapp.notifications import service as notifications

bp = Blueprint("api", __name__, url_prefix="/api")
bp.before_request(authenticate_request)
REQUEST_FIELDS = set(EscalationRequest.__dataclass_fields__)


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed("Send a JSON object as the request body.")
    return body


def _per_page() -> int:
    return min(100, max(1, parse_page(request.args.get("per_page")) if request.args.get(
        "per_page") else current_app.config["PAGE_SIZE"]))


@bp.get("/cases/<number>")
def get_case(number: str):
    return jsonify(serialize.case(cases.get_by_number_or_raise(number)))


@bp.get("/cases")
def list_cases():
    filters = cases.CaseFilters(q=request.args.get("q", ""),
                                escalated=request.args.get("escalated") == "true")
    page, _ = cases.list_cases(filters=filters, sort=request.args.get("sort"),
                               page=parse_page(request.args.get("page")), per_page=_per_page())
    return jsonify(serialize.page(page, [serialize.case(c) for c in page.items]))


@bp.get("/accounts/<number>")
def get_account(number: str):
    account = accounts.get_by_number_or_raise(number)
    return jsonify(serialize.account(account, cases.list_for_account(account)))


@bp.get("/escalations")
def list_escalations():
    args = request.args
    source = args.get("source", "")
    # `source` is a case or account number; `case` or `account` selects the source type.
    by_type = source if source in ("case", "account") else ""
    filters = queries.EscalationFilters(
        state=args.get("state", ""), source_type=by_type, source="" if by_type else source,
        breached=optional_flag(args.get("breached"), name="breached"))
    now = app_now()
    page, _ = queries.list_escalations(filters=filters, sort=args.get("sort"), now=now,
                                       page=parse_page(args.get("page")), per_page=_per_page())
    return jsonify(serialize.page(page, [serialize.escalation(e, full=False, now=now)
                                         for e in page.items]))


@bp.post("/escalations")
def create_escalation():
    policy.ensure(policy.may_request(g.api_user), "request escalations")
    body = _body()
    source_type = body.get("source_type")
    if source_type not in ("case", "account"):
        raise ValidationFailed("Unknown source type.",
                               fields={"source_type": "Use 'case' or 'account'."})
    number = _text(body, "source")
    source = (cases.get_by_number_or_raise(number) if source_type == "case"
              else accounts.get_by_number_or_raise(number))
    escalation = service.request_escalation(source=source, form=_request_from(body),
                                            actor=g.api_user)
    return jsonify(serialize.escalation(escalation)), 201


def _text(body: dict[str, Any], name: str) -> str:
    """The text field `name` of a body ('' when absent or null); anything but text is a 400
    (a list or an object is never stored as its Python form)."""
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed(f"{name} must be text, not {type(value).__name__}.",
                               fields={name: "Send text."})
    return value


def _changes_from(body: dict[str, Any]) -> manage.EscalationChanges:
    errors = {k: "Send text." for k in ("severity", "trend", "work_note", "comment")
              if k in body and not isinstance(body[k], str)}
    watch_list = body.get("watch_list")
    if "watch_list" in body and not (isinstance(watch_list, list)
                                     and all(isinstance(u, str) for u in watch_list)):
        errors["watch_list"] = "Send a list of usernames."
    if errors:
        raise ValidationFailed("The escalation was not saved: fix the fields marked.",
                               fields=errors)
    return manage.EscalationChanges(**{k: body[k] for k in (
        "severity", "trend", "watch_list", "work_note", "comment") if k in body})


def _request_from(body: dict[str, Any]) -> EscalationRequest:
    watch_list = body.get("watch_list", [])
    if not isinstance(watch_list, list) or not all(isinstance(u, str) for u in watch_list):
        raise ValidationFailed("Bad watch list.",
                               fields={"watch_list": "Send a list of usernames."})
    text = {k: _text(body, k) for k in REQUEST_FIELDS
            if k not in ("watch_list", "add_account_team")}
    return EscalationRequest(**text, watch_list=list(watch_list),
                             add_account_team=body.get("add_account_team") is True)


@bp.get("/escalations/<number>")
def get_escalation(number: str):
    return jsonify(serialize.escalation(service.get_by_number_or_raise(number)))


@bp.patch("/escalations/<number>")
def update_escalation(number: str):
    escalation = service.get_by_number_or_raise(number)
    changes = _changes_from(_body())
    manage.update(escalation=escalation, changes=changes, actor=g.api_user)
    return jsonify(serialize.escalation(escalation))


@bp.post("/escalations/<number>/de-escalate")
def de_escalate(number: str):
    escalation = service.get_by_number_or_raise(number)
    service.de_escalate(escalation=escalation, actor=g.api_user,
                        justification=_text(_body(), "justification"))
    return jsonify(serialize.escalation(escalation))


@bp.post("/escalations/<number>/cases")
def link_case(number: str):
    escalation = service.get_by_number_or_raise(number)
    manage.link_case(escalation=escalation, case_number=_text(_body(), "case"),
                     actor=g.api_user)
    return jsonify(serialize.escalation(escalation)), 201


@bp.get("/tasks")
def list_tasks():
    return jsonify([serialize.task(t, e) for t, e in tasks.list_open_for(g.api_user)])


@bp.post("/tasks/<int:task_id>/complete")
def complete_task(task_id: int):
    task = tasks.complete(task_id=task_id, data=_body(), actor=g.api_user)
    return jsonify({"id": task.id, "state": task.state,
                    "escalation": serialize.escalation(tasks.escalation_of(task))})


@bp.get("/notifications")
def list_notifications():
    rows = notifications.list_for(g.api_user, unread=request.args.get("unread") == "true")
    return jsonify([serialize.notification(n) for n in rows])


@bp.post("/notifications/<int:notification_id>/read")
def read_notification(notification_id: int):
    found = notifications.mark_read(user=g.api_user, notification_id=notification_id)
    return jsonify(serialize.notification(found))


@bp.get("/notifications/preferences")
def notification_preferences():
    return jsonify(serialize.preferences(notifications.preferences(g.api_user)))


@bp.put("/notifications/preferences")
def set_notification_preferences():
    """`{"<kind>": true|false, ...}`: the kinds named change, the others keep their setting."""
    rows = notifications.set_preferences(user=g.api_user, email=_body())
    return jsonify(serialize.preferences(rows))
