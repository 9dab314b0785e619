"""A diagram is someone's upload: elements from outside BPMN are refused with their name, and
every diagram URL hands the file out as a download that cannot run in the app's origin."""

from io import BytesIO

import pytest

from tests.escalation_world import case_in, request_form
from tests.scripted_diagrams import STANDARD, with_scripts, with_stylesheet
from webapp.common.downloads import safe_filename
from webapp.escalations import service
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import TemplateVersion
from webapp.extensions import db
from workflows.errors import InvalidDiagram
from workflows.xmlsafe import parse_diagram

HOSTILE = {"html and svg scripts": (with_scripts(), "<script>"),
           "stylesheet instruction": (with_stylesheet(), "xml-stylesheet")}


def test_parse_diagram__names_every_foreign_element_and_its_line():
    with pytest.raises(InvalidDiagram) as caught:
        parse_diagram(with_scripts())
    messages = [str(p) for p in caught.value.problems]
    assert any("<script> from {http://www.w3.org/1999/xhtml}" in m for m in messages), messages
    assert any("<svg> from {http://www.w3.org/2000/svg}" in m for m in messages), messages
    assert all(p.line for p in caught.value.problems)


def test_parse_diagram__keeps_what_the_modeler_writes():
    assert parse_diagram(STANDARD).tag.endswith("definitions")


@pytest.mark.parametrize(("xml", "named"), HOSTILE.values(), ids=HOSTILE)
def test_scripted_diagram__is_refused_by_upload_draft_and_publish(as_user, world, xml, named):
    client = as_user("pat")
    template = templates.get_by_name("Standard Case Escalation")
    versions = db.session.query(TemplateVersion).count()
    upload = client.post(f"/admin/templates/{template.id}/upload", follow_redirects=True,
                         data={"file": (BytesIO(xml.encode()), "evil.bpmn")},
                         content_type="multipart/form-data")
    assert "The file was not opened" in upload.text
    assert named.replace("<", "&lt;").replace(">", "&gt;") in upload.text
    draft = client.post(f"/admin/templates/{template.id}/draft", json={"xml": xml})
    assert draft.status_code == 400 and named in draft.json["error"] + str(draft.json["fields"])
    published = client.post(f"/admin/templates/{template.id}/publish", json={"xml": xml})
    assert published.status_code == 400
    assert named in " ".join(p["message"] for p in published.json["problems"])
    db.session.expire_all()
    assert template.draft_xml is None
    assert db.session.query(TemplateVersion).count() == versions


def _diagram_urls(template_id: int, escalation_number: str) -> list[str]:
    return [f"/admin/templates/{template_id}/diagram.bpmn",
            f"/admin/templates/{template_id}/versions/1?format=bpmn",
            f"/escalations/{escalation_number}/process.bpmn"]


def test_every_diagram_url__is_a_download_that_cannot_run(as_user, world):
    escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                            actor=world.alice)
    client = as_user("pat")
    for url in _diagram_urls(escalation.template_id, escalation.number):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Disposition"].startswith("attachment; filename="), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.mimetype == "application/octet-stream"
        assert "<bpmn:definitions" in response.text


def test_download_name__is_built_from_ids_never_from_the_template_name(as_user, world):
    template = templates.get_by_name("Standard Case Escalation")
    template.name = 'Evil\r\nSet-Cookie: x=1; filename*=UTF-8\'\'"a.html'
    db.session.flush()
    response = as_user("pat").get(f"/admin/templates/{template.id}/diagram.bpmn")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="template-{template.id}.bpmn"'
    assert "Set-Cookie" not in response.headers


def test_safe_filename__keeps_only_plain_characters():
    assert safe_filename("ESC0000001", suffix=".bpmn") == "ESC0000001.bpmn"
    assert safe_filename('a"b\r\nc/../d', 7, suffix=".bpmn") == "a-b-c-..-d-7.bpmn"
    assert safe_filename("", suffix=".bpmn") == "file.bpmn"
