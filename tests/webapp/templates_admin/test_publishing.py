"""Publishing through the pages: good diagrams make versions, broken ones are refused one by one."""

from io import BytesIO
from pathlib import Path

import pytest

from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import TemplateVersion
from webapp.extensions import db

STANDARD = (Path(__file__).resolve().parents[3] / "bpmn" / "standard_case_escalation.bpmn"
            ).read_text()
DOCTYPE = '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n'

BROKEN = {
    "malformed XML": (STANDARD[: len(STANDARD) // 2], "upload", "not well-formed"),
    "DOCTYPE and entity": (STANDARD.replace("?>\n", "?>\n" + DOCTYPE, 1), "upload", "DOCTYPE"),
    "user task outside any lane": (STANDARD.replace(
        "<bpmn:flowNodeRef>Task_ApproveEscalation</bpmn:flowNodeRef>", "", 1), "publish",
        "Task_ApproveEscalation"),
    "lane resolving to nobody": (STANDARD.replace('name="Approvers"', 'name="Night Shift"', 1),
                                 "publish", "Night Shift"),
    "script that does not compile": (STANDARD.replace("<bpmn:script>close()", "<bpmn:script>close(",
                                                      1), "publish", "Task_Close"),
    "sandbox escape": (STANDARD.replace(
        "<bpmn:script>close()", "<bpmn:script>close()\nx = ().__class__.__base__.__subclasses__()",
        1), "publish", "__class__"),
    "unknown operation": (STANDARD.replace("<bpmn:script>close()", "<bpmn:script>close()\n"
                                           "explode()", 1), "publish", "explode"),
    "duplicate ids": (STANDARD.replace('id="Task_Close"', 'id="Task_Escalate"', 1), "publish",
                      "Task_Escalate"),
    "no way to de-escalate": (STANDARD.replace('name="de-escalate"', 'name="wake-up"', 1),
                              "publish", "de-escalate"),
    "hands to a group that does not exist": (STANDARD.replace(
        "<bpmn:script>close()", "<bpmn:script>assign_group('Night Shift')\nclose()", 1),
        "publish", "assign_group() hands the escalation to 'Night Shift', but there is "
                   "no group of that name"),
}


def _versions() -> int:
    return db.session.query(TemplateVersion).count()


@pytest.mark.parametrize(("xml", "stage", "expected"), BROKEN.values(), ids=BROKEN)
def test_broken_diagram__is_refused_with_its_own_message_and_nothing_published(
        as_user, world, xml, stage, expected):
    client = as_user("pat")
    template = templates.get_by_name("Standard Case Escalation")
    before = _versions()
    upload = client.post(f"/admin/templates/{template.id}/upload", follow_redirects=True,
                         data={"file": (BytesIO(xml.encode()), "broken.bpmn")},
                         content_type="multipart/form-data")
    if stage == "upload":
        assert "The file was not opened" in upload.text and expected in upload.text
        assert template.draft_xml is None
    else:
        assert "The file is open as the draft" in upload.text
        response = client.post(f"/admin/templates/{template.id}/publish", json={})
        assert response.status_code == 400
        problems = response.json["problems"]
        text = " ".join(f"{p['element_id']} {p['element_name']} {p['message']}" for p in problems)
        assert expected in text, problems
        assert all(p["message"] for p in problems)
    assert _versions() == before


def test_publish__creates_a_version_with_what_changed(as_user, world):
    client = as_user("pat")
    template = templates.get_by_name("Standard Case Escalation")
    changed = STANDARD.replace('name="Close"', 'name="Close the escalation"', 1)
    response = client.post(f"/admin/templates/{template.id}/publish", json={"xml": changed})
    assert response.status_code == 200, response.json
    assert response.json["version"] == 2
    assert response.json["summary"] == {"added": [], "removed": [],
                                        "changed": ["Close the escalation (Task_Close)"]}
    page = client.get(f"/admin/templates/{template.id}/versions").text
    assert "Close the escalation (Task_Close)" in page and "v2" in page
    old = client.get(f"/admin/templates/{template.id}/versions/1?format=bpmn")
    assert old.headers["Content-Disposition"].startswith("attachment")
    assert 'name="Close"' in old.text


def test_draft__is_saved_then_opened_then_cleared_by_publishing(as_user, world):
    client = as_user("pat")
    template = templates.get_by_name("Critical Case Escalation")
    draft = STANDARD.replace('name="Close"', 'name="Draft close"', 1)
    assert client.post(f"/admin/templates/{template.id}/draft", json={"xml": draft}).status_code \
        == 200
    assert "Draft close" in client.get(f"/admin/templates/{template.id}/diagram.bpmn").text
    bad = client.post(f"/admin/templates/{template.id}/draft", json={"xml": "<oops"})
    assert bad.status_code == 400 and bad.json["error"]
    assert "Draft close" in client.get(f"/admin/templates/{template.id}/diagram.bpmn").text


def test_new_template__starts_from_a_working_starter_that_publishes(as_user, world):
    client = as_user("pat")
    response = client.post("/admin/templates/new", data={
        "name": "Gold accounts", "type": "account", "approval_group": "Escalation Approvers"})
    assert response.status_code == 302
    template = templates.get_by_name("Gold accounts")
    assert response.headers["Location"].endswith(f"/admin/templates/{template.id}/modeler")
    published = client.post(f"/admin/templates/{template.id}/publish", json={})
    assert published.status_code == 200, published.json
    assert published.json["version"] == 1


def test_skip_approval__excuses_approval_lanes_only(world):
    nobody_approves = STANDARD.replace('name="Approvers"', 'name="Approval group"', 1)
    world.approvers.members = []
    db.session.commit()
    assert templates.check(nobody_approves, skip_approval=True) == []
    refused = templates.check(nobody_approves, approval_group=world.approvers)
    assert any("Approval group" in p.message for p in refused), refused
    night_shift = STANDARD.replace('name="System"', 'name="Night Shift"', 1).replace(
        "<bpmn:flowNodeRef>Task_ApproveEscalation</bpmn:flowNodeRef>", "", 1).replace(
        "<bpmn:flowNodeRef>Event_Start</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>Event_Start</bpmn:flowNodeRef>"
        "<bpmn:flowNodeRef>Task_ApproveEscalation</bpmn:flowNodeRef>", 1)
    problems = templates.check(night_shift, skip_approval=True)
    assert any("Night Shift" in p.message for p in problems), problems


def test_upload__reads_the_declared_encoding_and_stores_utf8(as_user, world):
    template = templates.get_by_name("Standard Case Escalation")
    latin = STANDARD.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1).replace(
        'name="Close"', 'name="Schließen für Kunden"', 1).encode("iso-8859-1")
    response = as_user("pat").post(f"/admin/templates/{template.id}/upload",
                                   data={"file": (BytesIO(latin), "latin.bpmn")},
                                   content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(template)
    assert 'name="Schließen für Kunden"' in template.draft_xml
    assert "encoding='UTF-8'" in template.draft_xml


def test_publish__a_json_list_body_is_400(as_user, world):
    template = templates.get_by_name("Standard Case Escalation")
    response = as_user("pat").post(f"/admin/templates/{template.id}/draft", json=["x"])
    assert response.status_code == 400


def test_contract__a_receive_task_may_wait_for_de_escalate(world):
    receive = STANDARD.replace(
        '<bpmn:intermediateCatchEvent id="Event_DeEscalate"', '<bpmn:receiveTask '
        'messageRef="Message_DeEscalate" id="Event_DeEscalate"', 1)
    start = receive.index("<bpmn:receiveTask")
    end = receive.index("</bpmn:intermediateCatchEvent>", start)
    body = receive[start:end]
    body = body[:body.index("<bpmn:messageEventDefinition")] + body[body.index("/>", body.index(
        "<bpmn:messageEventDefinition")) + 2:]
    receive = receive[:start] + body + "</bpmn:receiveTask>" + receive[end + len(
        "</bpmn:intermediateCatchEvent>"):]
    problems = templates.check(receive, approval_group=world.approvers)
    assert not any("de-escalate" in p.message for p in problems), problems
