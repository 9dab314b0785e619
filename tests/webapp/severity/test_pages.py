"""The severity pages: list, new, edit and the list's actions, for escalation admins only."""

import re

import pytest

from tests.escalation_world import case_in, request_form
from webapp.escalations import service as escalations
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.severity import service
from webapp.severity.models import Severity

FORM = {"name": "Critical", "color": "#6f42c1", "order": "1", "response_time": "PT1H",
        "description": "Outage across the customer's business."}
BAD_FORM = [
    ({"name": ""}, "A name is required."),
    ({"name": "Medium severity"}, "Another severity already has this name."),
    ({"color": "purple"}, "Write the colour as #rrggbb, for example #d9534f."),
    ({"order": "0"}, "Order is a whole number from 1 (most severe) to 1000."),
    ({"order": "first"}, "Order is a whole number from 1 (most severe) to 1000."),
    ({"response_time": "1 hour"}, "&#39;1 hour&#39; is not an ISO 8601 duration."),
    ({"response_time": "P1W2D"}, "Weeks cannot be mixed with years, months or days."),
]
NOT_ADMINS = ["alice", "carol", "bob", "dave", "erin", "frank"]
PAGES = [("get", "/admin/severities/"), ("get", "/admin/severities/new"),
         ("post", "/admin/severities/new"), ("get", "/admin/severities/{id}"),
         ("post", "/admin/severities/{id}"), ("post", "/admin/severities/{id}/deactivate"),
         ("post", "/admin/severities/{id}/activate"), ("post", "/admin/severities/{id}/delete")]


def _medium():
    return service.get_by_name("Medium Severity")


def _escalated_case(world):
    case = case_in(world)
    escalations.request_escalation(source=case, form=request_form(), actor=world.alice)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    return case


@pytest.mark.parametrize("username", NOT_ADMINS)
@pytest.mark.parametrize(("method", "path"), PAGES)
def test_every_page_and_action__is_403_without_escalation_admin(as_user, world, username,
                                                                method, path):
    client = as_user(username)
    response = getattr(client, method)(path.format(id=_medium().id), data=FORM)
    assert response.status_code == 403
    db.session.expire_all()
    assert service.snapshot(_medium())["active"] and db.session.query(Severity).count() == 2


@pytest.mark.parametrize("username", ["pat", "admin"])
def test_list__is_open_to_escalation_admins_and_admins(as_user, world, username):
    assert as_user(username).get("/admin/severities/").status_code == 200


def test_list__asks_anonymous_users_to_log_in(client, world):
    response = client.get("/admin/severities/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_list__shows_each_severity_with_its_dot_response_time_and_use(as_user, world):
    escalations.request_escalation(source=case_in(world), form=request_form(), actor=world.alice)
    page = as_user("pat").get("/admin/severities/").text
    high = re.search(r'<tr[^>]*data-severity="High Severity".*?</tr>', page, re.S).group(0)
    assert 'style="background-color: #d9534f"' in high and "4 hours" in high and "PT4H" in high
    assert f'severity={service.get_by_name("High Severity").id}">1</a>' in high
    assert "/delete" not in high and "Deactivate" in high
    medium = re.search(r'<tr[^>]*data-severity="Medium Severity".*?</tr>', page, re.S).group(0)
    assert f"/admin/severities/{_medium().id}/delete" in medium and "8 hours" in medium


def test_new__adds_the_severity_and_returns_to_the_list(as_user):
    client = as_user("pat")
    response = client.post("/admin/severities/new", data=FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/admin/severities/")
    assert service.get_by_name("Critical").color == "#6f42c1"
    assert "Critical added." in client.get("/admin/severities/").text


def test_new__offers_a_colour_picker_and_a_preview_of_dot_and_banner(as_user):
    page = as_user("pat").get("/admin/severities/new").text
    assert 'type="color"' in page and 'id="color"' in page
    assert 'id="preview-dot"' in page and 'id="preview-banner"' in page


@pytest.mark.parametrize(("changes", "message"), BAD_FORM)
def test_new__errors_keep_the_input_and_add_nothing(as_user, changes, message):
    response = as_user("pat").post("/admin/severities/new", data={**FORM, **changes})
    assert response.status_code == 400
    assert message in response.text and "is-invalid" in response.text
    for name, value in {**FORM, **changes}.items():
        if name != "description":
            assert f'value="{value}"' in response.text.replace("&#39;", "'")
    assert FORM["description"].replace("'", "&#39;") in response.text
    assert db.session.query(Severity).count() == 2


def test_edit__saves_the_changes_and_records_them(as_user):
    client = as_user("pat")
    response = client.post(f"/admin/severities/{_medium().id}",
                           data={**FORM, "name": "Medium Severity", "order": "2",
                                 "color": "#FF8800"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (_medium().color, _medium().response_time) == ("#ff8800", "PT1H")
    page = client.get(f"/admin/severities/{_medium().id}").text
    assert "#f0ad4e" in page and "#ff8800" in page and "Updated" in page


@pytest.mark.parametrize(("changes", "message"), BAD_FORM[2:])
def test_edit__errors_keep_the_input_and_change_nothing(as_user, changes, message):
    medium_id = _medium().id
    response = as_user("pat").post(f"/admin/severities/{medium_id}",
                                   data={**FORM, "name": "Medium Severity", **changes})
    assert response.status_code == 400 and message in response.text
    assert 'value="Medium Severity"' in response.text
    db.session.expire_all()
    assert service.snapshot(db.session.get(Severity, medium_id))["response_time"] == "PT8H"


def test_edit__of_an_unknown_severity_is_404(as_user):
    assert as_user("pat").get("/admin/severities/999999").status_code == 404


def test_deactivate_then_activate__from_the_list(as_user):
    client = as_user("pat")
    assert client.post(f"/admin/severities/{_medium().id}/deactivate").status_code == 302
    db.session.expire_all()
    assert not _medium().active
    assert "Medium Severity deactivated." in client.get("/admin/severities/").text
    assert client.post(f"/admin/severities/{_medium().id}/activate").status_code == 302
    db.session.expire_all()
    assert _medium().active


def test_deactivate__of_the_last_active_severity_is_refused_on_the_list(as_user):
    client = as_user("pat")
    client.post(f"/admin/severities/{_medium().id}/deactivate")
    high = service.get_by_name("High Severity")
    response = client.post(f"/admin/severities/{high.id}/deactivate")
    assert response.status_code == 409 and "last active severity" in response.text
    assert 'id="severity-list"' in response.text


def test_delete__removes_an_unused_severity(as_user):
    response = as_user("pat").post(f"/admin/severities/{_medium().id}/delete")
    assert response.status_code == 302 and _medium() is None


def test_delete__of_a_severity_in_use_is_refused_and_it_can_be_deactivated(as_user, world):
    escalations.request_escalation(source=case_in(world), actor=world.alice,
                                   form=request_form(severity="Medium Severity"))
    client = as_user("pat")
    assert f"/admin/severities/{_medium().id}/delete" not in client.get(
        f"/admin/severities/{_medium().id}").text
    response = client.post(f"/admin/severities/{_medium().id}/delete")
    assert response.status_code == 409
    assert "Medium Severity is in use by 1 escalation(s); deactivate it instead." in response.text
    assert client.post(f"/admin/severities/{_medium().id}/deactivate").status_code == 302
    db.session.expire_all()
    assert _medium() is not None and not _medium().active


def test_colour_change__shows_at_once_in_the_case_list_dot_and_the_case_banner(as_user, world):
    case = _escalated_case(world)
    client = as_user("pat")
    high = service.get_by_name("High Severity")
    client.post(f"/admin/severities/{high.id}",
                data={"name": "High Severity", "color": "#8b0000", "order": "1",
                      "response_time": "PT4H", "description": ""})
    as_user("alice")
    listing = client.get("/cases/?escalated=1").text
    assert re.search(r'class="esc-dot" style="background-color: #8b0000"', listing)
    assert case.number in listing
    banner = client.get(f"/cases/{case.number}").text
    assert re.search(r'class="esc-banner[^"]*" style="background-color: #8b0000"', banner)
    assert "#d9534f" not in listing + banner
