"""In the browser: a stored diagram that carries HTML and SVG scripts (put there before uploads
were checked) never runs, whether its URL is opened or a page draws it."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import update

from tests.browser.helpers import log_in
from tests.escalation_world import build_world, case_in, request_form
from tests.scripted_diagrams import with_scripts
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import TemplateVersion
from webapp.extensions import db
from workflows.specs import content_hash

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread


def test_scripted_diagram__runs_nowhere(app, page):
    world = build_world(app)
    template = templates.get_by_name("Standard Case Escalation")
    hostile = with_scripts()
    with boundary():
        # Stored behind the checks' back, as an older release would have let it in.
        db.session.execute(update(TemplateVersion).where(
            TemplateVersion.id == template.latest_version.id).values(
                bpmn_xml=hostile, spec_hash=content_hash(hostile)))
        template.draft_xml = hostile
    with boundary():
        escalation = service.request_escalation(source=case_in(world), form=request_form(),
                                                actor=world.alice)
    ran: list[str] = []
    page.on("dialog", lambda dialog: (ran.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: ran.append(f"console {message.text}")
            if message.text in {"html", "svg"} else None)

    log_in(page, "pat")
    version = escalation.template_version.number
    for url in (f"/admin/templates/{template.id}/diagram.bpmn",
                f"/admin/templates/{template.id}/versions/{version}?format=bpmn",
                f"/escalations/{escalation.number}/process.bpmn"):
        with page.expect_download() as download, pytest.raises(PlaywrightError):
            page.goto(url)  # a download, never a page
        assert download.value.suggested_filename.endswith(".bpmn")
    for url in (f"/admin/templates/{template.id}/modeler",
                f"/admin/templates/{template.id}/versions/{version}",
                f"/escalations/{escalation.number}/process"):
        page.goto(url)
        page.wait_for_selector(".djs-container", timeout=10_000)
        page.wait_for_timeout(300)
    assert ran == []
