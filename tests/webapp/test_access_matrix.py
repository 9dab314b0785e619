"""Every route of the app × every demo role × anonymous, read from `app.url_map`: a route added
without a line in ACCESS fails here the day it is added.

For each route and method: anonymous is sent to the login page (the API answers 401); a user the
table lets in gets anything but 401, 403 or a server error (a 400 for an empty form or a 404 for
a record that is not theirs is an answer, not a refusal); everyone else gets 403.
"""

from __future__ import annotations

import pytest
from flask import Flask

from tests.escalation_world import PEOPLE, account_with_team, case_in, request_form
from tests.webapp.escalations.api_helpers import basic
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates import service as templates
from webapp.extensions import db
from webapp.logins import tokens
from webapp.notifications.models import Notification
from webapp.severity import schedules
from webapp.severity import service as severities

PUBLIC = "public"
EVERYONE = frozenset(PEOPLE)
AGENTS = frozenset({"admin", "alice", "carol", "dave"})  # the agent role, held or contained
TEMPLATE_ADMINS = frozenset({"admin", "pat"})
ADMINS = frozenset({"admin"})
DASHBOARD = frozenset({"admin", "carol", "dave"})  # managers, escalation managers, admins
REQUESTERS = frozenset({"admin", "pat", "alice", "carol", "dave", "erin"})
# The scene's case escalation (alice requested it, on a Tier 1 case): who may act on it.
CASE_DE_ESCALATORS = frozenset({"admin", "alice", "carol", "dave"})
# The scene's open approval task (a Tier 1 case): its candidates, and admins.
TASK_DECIDERS = frozenset({"admin", "bob", "carol"})
# The scene's account escalation (run by Escalation Management): its members and admins.
ACCOUNT_MANAGERS = frozenset({"admin", "dave"})

ACCESS: dict[str, str | frozenset[str]] = {
    "static": PUBLIC, "auth.login": PUBLIC, "auth.logout": EVERYONE,
    "home.index": EVERYONE, "home.mine": EVERYONE,
    "dashboard.index": DASHBOARD, "dashboard.data": DASHBOARD,
    "profile.show": EVERYONE, "profile.create_token": EVERYONE, "profile.revoke_token": EVERYONE,
    "cases.index": EVERYONE, "cases.show": EVERYONE, "cases.update": AGENTS,
    "cases.add_work_note": AGENTS,
    "accounts.index": EVERYONE, "accounts.show": EVERYONE,
    "escalations.index": EVERYONE, "escalations.show": EVERYONE,
    "escalations.process": EVERYONE, "escalations.process_diagram": EVERYONE,
    "escalations.new": REQUESTERS, "escalations.edit": AGENTS, "escalations.add_note": AGENTS,
    "escalations.de_escalate": CASE_DE_ESCALATORS,
    "escalations.link_case": ACCOUNT_MANAGERS, "escalations.unlink_case": ACCOUNT_MANAGERS,
    "tasks.index": EVERYONE, "tasks.show": EVERYONE, "tasks.complete": TASK_DECIDERS,
    "notifications.index": EVERYONE, "notifications.open_one": EVERYONE,
    "notifications.read": EVERYONE, "notifications.read_all": EVERYONE,
    "notifications.preferences": EVERYONE, "notifications.save_preferences": EVERYONE,
    "severity.index": TEMPLATE_ADMINS, "severity.new": TEMPLATE_ADMINS,
    "severity.edit": TEMPLATE_ADMINS, "severity.activate": TEMPLATE_ADMINS,
    "severity.deactivate": TEMPLATE_ADMINS, "severity.delete": TEMPLATE_ADMINS,
    "schedules.index": TEMPLATE_ADMINS, "schedules.new": TEMPLATE_ADMINS,
    "schedules.edit": TEMPLATE_ADMINS, "schedules.delete": TEMPLATE_ADMINS,
    "templates_admin.index": TEMPLATE_ADMINS, "templates_admin.new": TEMPLATE_ADMINS,
    "templates_admin.settings": TEMPLATE_ADMINS, "templates_admin.clone": TEMPLATE_ADMINS,
    "templates_admin.set_active": TEMPLATE_ADMINS, "templates_admin.modeler": TEMPLATE_ADMINS,
    "templates_admin.diagram": TEMPLATE_ADMINS, "templates_admin.save_draft": TEMPLATE_ADMINS,
    "templates_admin.publish": TEMPLATE_ADMINS, "templates_admin.upload": TEMPLATE_ADMINS,
    "templates_admin.versions": TEMPLATE_ADMINS, "templates_admin.version": TEMPLATE_ADMINS,
    "templates_admin.move_running": TEMPLATE_ADMINS, "templates_admin.guide": TEMPLATE_ADMINS,
    "templates_admin.failures": TEMPLATE_ADMINS, "dry_run.run": TEMPLATE_ADMINS,
    "admin.list_users": ADMINS, "admin.mail": ADMINS,
    "api.get_case": EVERYONE, "api.list_cases": EVERYONE, "api.get_account": EVERYONE,
    "api.list_escalations": EVERYONE, "api.get_escalation": EVERYONE,
    "api.create_escalation": REQUESTERS, "api.update_escalation": AGENTS,
    "api.de_escalate": CASE_DE_ESCALATORS, "api.link_case": ACCOUNT_MANAGERS,
    "api.list_tasks": EVERYONE, "api.complete_task": TASK_DECIDERS,
    "api.list_notifications": EVERYONE, "api.read_notification": EVERYONE,
    "api.notification_preferences": EVERYONE, "api.set_notification_preferences": EVERYONE,
}


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return sorted(found)


def test_every_route__is_in_the_table(app):
    endpoints = {endpoint for endpoint, _, _ in _routes(app)}
    assert not endpoints - set(ACCESS), "add these routes to ACCESS: " + ", ".join(
        sorted(endpoints - set(ACCESS)))
    assert not set(ACCESS) - endpoints, "routes gone: " + ", ".join(
        sorted(set(ACCESS) - endpoints))


def _scene(world) -> dict[str, object]:
    """Records for every kind of URL parameter, committed (in the test's savepoint)."""
    with boundary():
        escalated = service.request_escalation(source=case_in(world), form=request_form(),
                                               actor=world.alice)
        task = db.session.query(HumanTask).filter_by(state="open").one()
        tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
        service.request_escalation(source=case_in(world), form=request_form(),
                                   actor=world.alice)
        account = account_with_team(world)
        on_account = service.request_escalation(
            source=account, actor=world.dave,
            form=request_form(assignment_group="Escalation Management"))
        linked = case_in(world, account=account)
        made = tokens.create(user=world.alice, name="scripts", expires_in_days=None)
        schedule = schedules.create(name="Office", time_zone="Europe/Berlin", days="12345",
                                    day_start="09:00", day_end="17:00", holidays="",
                                    actor=world.pat)
    open_task = db.session.query(HumanTask).filter_by(state="open").first()
    notification = db.session.query(Notification).filter_by(recipient_id=world.bob.id).first()
    template = templates.get_by_name("Standard Case Escalation")
    return {"case": case_in(world).number, "account": account.number,
            "escalation": escalated.number, "account_escalation": on_account.number,
            "linked_case": linked.number, "task_id": open_task.id,
            "notification_id": notification.id, "template_id": template.id,
            "severity_id": severities.get_active_by_name_or_raise("Medium Severity").id,
            "token_id": made.row.id, "schedule_id": schedule.id}


def _url(endpoint: str, rule: str, scene: dict[str, object]) -> str:
    number = scene["escalation"]
    if endpoint in ("escalations.link_case", "escalations.unlink_case", "api.link_case"):
        number = scene["account_escalation"]
    elif endpoint.startswith(("cases.", "api.get_case")):
        number = scene["case"]
    elif endpoint.startswith(("accounts.", "api.get_account")):
        number = scene["account"]
    values = {"number": number, "case_number": scene["linked_case"], "source_type": "case",
              "task_id": scene["task_id"], "notification_id": scene["notification_id"],
              "template_id": scene["template_id"], "severity_id": scene["severity_id"],
              "token_id": scene["token_id"], "schedule_id": scene["schedule_id"],
              "filename": "app.css", "action": "deactivate"}
    if endpoint == "escalations.new":
        values["number"] = scene["case"]
    if endpoint == "templates_admin.version" or endpoint == "templates_admin.move_running":
        values["number"] = 1
    url = rule
    for name, value in values.items():
        for converter in ("", "int:", "path:", "any(case, account):",
                          "any(activate, deactivate):"):
            url = url.replace(f"<{converter}{name}>", str(value))
    assert "<" not in url, f"no sample value for {rule}"
    return url


def _allowed(endpoint: str, url: str, who: str, status: int) -> bool:
    allowed = ACCESS[endpoint]
    if allowed == PUBLIC or (who != "anonymous" and who in allowed):
        return status < 500 and status not in (401, 403)
    if who == "anonymous":
        return status == (401 if url.startswith("/api/") else 302)
    return status == 403


@pytest.mark.parametrize("who", ["anonymous", *PEOPLE])
def test_each_route__answers_each_role_as_the_table_says(app, client, world, who):
    scene = _scene(world)

    def log_in() -> None:
        if who != "anonymous":
            client.post("/login", data={"username": who, "password": "demo"})

    log_in()
    wrong = []
    for endpoint, method, rule in _routes(app):
        url = _url(endpoint, rule, scene)
        api = url.startswith("/api/")
        headers = basic(who) if api and who != "anonymous" else {}
        response = client.open(url, method=method, headers=headers,
                               **({"json": {}} if api else {"data": {}}))
        if not _allowed(endpoint, url, who, response.status_code):
            wrong.append(f"{method} {url} ({endpoint}) as {who}: {response.status_code}")
        if endpoint == "auth.logout":
            log_in()
    assert not wrong, "\n".join(wrong)
