"""Template pages: settings, clone, activation, and who may reach them."""

import pytest

from tests.escalation_world import case_in
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import EscalationTemplate
from webapp.extensions import db

PAGES = [("get", "/admin/templates/"), ("get", "/admin/templates/new"),
         ("get", "/admin/templates/{id}/settings"), ("get", "/admin/templates/{id}/modeler"),
         ("get", "/admin/templates/{id}/diagram.bpmn"), ("get", "/admin/templates/{id}/versions"),
         ("get", "/admin/templates/{id}/versions/1"), ("get", "/admin/templates/guide"),
         ("get", "/admin/templates/failures"),
         ("post", "/admin/templates/{id}/draft"), ("post", "/admin/templates/{id}/publish"),
         ("post", "/admin/templates/{id}/upload"), ("post", "/admin/templates/{id}/clone"),
         ("post", "/admin/templates/{id}/deactivate"), ("post", "/admin/templates/new")]


@pytest.mark.parametrize("username", ["alice", "carol", "bob", "dave", "erin", "frank"])
def test_template_pages__403_without_escalation_admin(as_user, world, username):
    client = as_user(username)
    template = templates.get_by_name("Standard Case Escalation")
    for method, url in PAGES:
        response = getattr(client, method)(url.format(id=template.id), json={} if
                                           method == "post" else None)
        assert response.status_code == 403, (method, url)
    db.session.refresh(template)
    assert template.active and len(template.versions) == 1


@pytest.mark.parametrize("username", ["pat", "admin"])
def test_template_pages__open_to_escalation_admin_and_admin(as_user, world, username):
    client = as_user(username)
    template = templates.get_by_name("Standard Case Escalation")
    for method, url in PAGES:
        if method == "get":
            assert client.get(url.format(id=template.id)).status_code == 200, url


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"name": ""}, "name", "A name is required."),
    ({"name": "Critical Case Escalation"}, "name", "exists already"),
    ({"type": "planet"}, "type", "Not a valid choice"),
    ({"approval_group": "Ghosts"}, "approval_group", "There is no group"),
    ({"type": "account", "approval_group": ""}, "approval_group", "need an approval group")])
def test_settings__bad_input_keeps_input_and_changes_nothing(as_user, world, data, field, message):
    template = templates.get_by_name("Standard Account Escalation")
    form = {"name": "Renamed", "type": "account", "approval_group": "Escalation Approvers",
            "description": "typed text", **data}
    response = as_user("pat").post(f"/admin/templates/{template.id}/settings", data=form)
    assert response.status_code == 400
    assert message in response.text and "typed text" in response.text
    db.session.refresh(template)
    assert template.name == "Standard Account Escalation"


def test_settings__default_moves_and_clone_is_inactive(as_user, world):
    client = as_user("pat")
    critical = templates.get_by_name("Critical Case Escalation")
    response = client.post(f"/admin/templates/{critical.id}/settings", data={
        "name": critical.name, "type": "case", "approval_group": "Escalation Approvers",
        "is_default": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert templates.get_by_name("Critical Case Escalation").is_default
    assert not templates.get_by_name("Standard Case Escalation").is_default
    client.post(f"/admin/templates/{critical.id}/clone")
    copy = templates.get_by_name("Copy of Critical Case Escalation")
    assert copy is not None and not copy.active and copy.draft_xml


def test_deactivated_template__is_not_offered_to_requesters(as_user, world):
    critical = templates.get_by_name("Critical Case Escalation")
    as_user("pat").post(f"/admin/templates/{critical.id}/deactivate", follow_redirects=True)
    db.session.expire_all()
    assert not db.session.get(EscalationTemplate, critical.id).active
    form = as_user("alice").get(f"/escalations/new/case/{case_in(world).number}").text
    assert "Critical Case Escalation" not in form and "Standard Case Escalation" in form
