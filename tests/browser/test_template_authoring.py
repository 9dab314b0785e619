"""In the browser: a process admin changes an approval form in the modeler and publishes it."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.escalation_world import build_world, case_in, request_form
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.templates import service as templates
from webapp.extensions import db

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread

TASK = "Task_ApproveEscalation"
NEW_FIELD = f"bio-properties-panel-{TASK}-formField-2"


def _add_required_field(page) -> None:
    page.click(f'.djs-element[data-element-id="{TASK}"]')
    group = page.locator('[data-group-id="group-CamundaPlatform__FormData"]')
    group.locator(".bio-properties-panel-group-header .bio-properties-panel-add-entry").click()
    page.fill(f"#{NEW_FIELD}-formFieldID", "impact")
    page.fill(f"#{NEW_FIELD}-formFieldLabel", "Customer impact")
    page.select_option(f"#{NEW_FIELD}-formFieldType", "string")
    constraints = page.locator(f'[data-entry-id="{TASK}-formField-2-formFieldConstraints"]')
    constraints.get_by_role("button", name="Create").click()
    page.fill(f"#{NEW_FIELD}-formFieldConstraints-constraint-0-name", "required")
    page.wait_for_timeout(600)  # the panel debounces what is typed


def test_admin_adds_a_required_field_new_escalations_get_it_old_ones_keep_theirs(app, page):
    world = build_world(app)
    with boundary():
        old = service.request_escalation(source=case_in(world), form=request_form(),
                                         actor=world.alice)
    template_id = old.template_id

    log_in(page, "pat")
    page.goto(f"/admin/templates/{template_id}/modeler")
    expect(page.locator("#template-editor")).to_have_attribute("data-ready", "true")
    _add_required_field(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#editor-messages")).to_contain_text("Published as version 2")

    db.session.expire_all()
    with boundary():
        new = service.request_escalation(source=case_in(world), form=request_form(),
                                         actor=world.alice)
    tasks = {t.instance.escalation_id: t for t in db.session.query(HumanTask).filter_by(
        state="open")}
    page.get_by_role("button", name="Log out").click()
    log_in(page, "bob")
    page.goto(f"/tasks/{tasks[new.id].id}")
    expect(page.get_by_label("Customer impact")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("required")
    page.goto(f"/tasks/{tasks[old.id].id}")
    expect(page.get_by_label("Comment")).to_be_visible()
    expect(page.get_by_label("Customer impact")).to_have_count(0)

    page.goto(f"/escalations/{new.number}/process")
    diagram = page.locator("#process-diagram")
    expect(diagram).to_have_attribute("data-ready", "true")
    expect(diagram.locator(f'.djs-element.esc-active[data-element-id="{TASK}"]')).to_have_count(1)
    expect(diagram.locator('.djs-element.esc-completed[data-element-id="Event_Start"]')
           ).to_have_count(1)
    expect(page.locator("#process-timeline")).to_contain_text("Approve escalation")


def test_clicking_a_publish_problem_selects_its_element(app, page):
    world = build_world(app)
    template = templates.get_by_name("Standard Case Escalation")
    template.draft_xml = template.latest_version.bpmn_xml.replace(
        "<bpmn:script>close()", "<bpmn:script>explode()", 1)
    db.session.commit()
    assert world.pat
    log_in(page, "pat")
    page.goto(f"/admin/templates/{template.id}/modeler")
    expect(page.locator("#template-editor")).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name="Publish").click()
    problem = page.locator(".problem-list li", has_text="explode")
    expect(problem).to_be_visible()
    problem.click()
    expect(page.locator('.djs-element.esc-highlight[data-element-id="Task_Close"]')
           ).to_have_count(1)
    expect(page.locator(".bio-properties-panel-header-label")).to_have_text("Close")


def test_dry_run_from_the_modeler_shows_the_path_and_stores_nothing(app, page):
    world = build_world(app)
    case = case_in(world)
    template = templates.get_by_name("Standard Case Escalation")
    escalations_before = db.session.query(Escalation).count()
    log_in(page, "pat")
    page.goto(f"/admin/templates/{template.id}/modeler")
    expect(page.locator("#template-editor")).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name="Dry run").click()
    page.fill("#dry-source", case.number)
    page.fill("#dry-decisions", "reject")
    page.locator("#dry-run-form").get_by_role("button", name="Run").click()
    result = page.locator("#dry-run-result")
    expect(result).to_have_attribute("data-kind", "completed")
    expect(result).to_contain_text("escalation declined")
    expect(result).to_contain_text("Approve escalation · Approvers · for")
    expect(result).to_contain_text('decline("Dry run")')
    assert db.session.query(Escalation).count() == escalations_before == 0
