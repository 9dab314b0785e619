"""In the browser: the bundled BPMN modeler and viewer, loaded from the app's static folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.real_commits  # the live server answers from its own thread

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLES = Path(__file__).resolve().parents[2] / "webapp" / "static" / "vendor" / "bpmn"
APPROVAL_BPMN = (FIXTURES / "approval.bpmn").read_text()


def shape(page: Page, element_id: str):
    """The SVG group that draws `element_id` (markers are classes on it)."""
    return page.locator(f'.djs-element[data-element-id="{element_id}"]')


def has_class(name: str) -> re.Pattern[str]:
    """A pattern for `to_have_class` that matches one class among several."""
    return re.compile(rf"(^|\s){name}(\s|$)")


@pytest.fixture
def open_fixture(page: Page) -> Callable[[str], list[str]]:
    """Open a page of tests/browser/fixtures beside the live server; returns its errors, live."""
    missing = [name for name in ("modeler.js", "modeler.css", "viewer.js", "viewer.css")
               if not (BUNDLES / name).is_file()]
    if missing:
        pytest.fail(f"BPMN bundles not built ({', '.join(missing)} missing in {BUNDLES}): "
                    "run `make assets`")

    def open_page(name: str) -> list[str]:
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("response", lambda response: response.status >= 400 and problems.append(
            f"HTTP {response.status} {response.url}"))
        # The HTML comes from the fixtures folder, the bundles from the app's /static/.
        page.route("**/test-fixtures/*.html",
                   lambda route: route.fulfill(path=FIXTURES / route.request.url.rsplit("/", 1)[1]))
        page.goto(f"/test-fixtures/{name}")
        return problems

    return open_page


def create_modeler(page: Page, *, select: str) -> None:
    """Create `window.editor` on the modeler fixture, count its changes, import the diagram.

    `select` is selected in the same turn as the import, as a page linking to an element would.
    """
    page.evaluate(
        """async ([xml, id]) => {
            window.editor = EscalationsModeler.create(
                {container: '#canvas', propertiesPanel: '#panel'});
            window.changes = 0;
            editor.onChange(() => { window.changes += 1; });
            const {warnings} = await editor.importXML(xml);
            if (warnings.length) throw new Error(warnings.join('; '));
            if (!editor.selectElement(id)) throw new Error(`no element ${id}`);
        }""",
        [APPROVAL_BPMN, select],
    )


def test_modeler_selects_and_highlights_an_element_with_its_camunda_form_fields(page, open_fixture):
    problems = open_fixture("modeler.html")
    create_modeler(page, select="Task_approve")

    expect(shape(page, "Lane_approvers")).to_be_visible()
    expect(shape(page, "Task_approve")).to_have_class(has_class("esc-highlight"))
    panel = page.locator("#panel")
    expect(panel.locator(".bio-properties-panel-header")).to_contain_text("Approve escalation")
    form_fields = panel.locator(".bio-properties-panel-group-header", has_text="Form fields")
    expect(form_fields.locator(".bio-properties-panel-list-badge")).to_have_text("2")

    assert page.evaluate("editor.selectElement('End')") is True
    expect(shape(page, "Task_approve")).not_to_have_class(has_class("esc-highlight"))
    expect(shape(page, "End")).to_have_class(has_class("esc-highlight"))
    page.evaluate("editor.clearHighlights()")
    expect(page.locator(".esc-highlight")).to_have_count(0)
    assert page.evaluate("editor.selectElement('No_such_element')") is False
    assert problems == []


def test_modeler_saves_a_panel_edit_as_camunda_bpmn(page, open_fixture):
    problems = open_fixture("modeler.html")
    create_modeler(page, select="Task_approve")
    page.locator("#panel .bio-properties-panel-group-header", has_text="General").click()

    page.fill("#bio-properties-panel-name", "Approve or reject")
    # The panel debounces its inputs: the change lands a moment after typing.
    page.wait_for_function("window.changes > 0")
    xml = page.evaluate("editor.saveXML()")

    assert 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"' in xml
    assert 'name="Approve or reject"' in xml
    assert '<camunda:formField id="decision" label="Decision" type="enum">' in xml
    assert problems == []


def test_viewer_marks_progress_and_shows_overlays(page, open_fixture):
    problems = open_fixture("viewer.html")
    missing = page.evaluate(
        """async (xml) => (await EscalationsViewer.show({
            container: '#diagram',
            xml,
            marks: {completed: ['Start', 'Flow_to_approve'], active: ['Task_approve'],
                    waiting: ['Timer_sla', 'Gone']},
            overlays: [{id: 'Task_approve', text: 'Approvers <due 14:00>'}],
        })).missing""",
        APPROVAL_BPMN,
    )

    assert missing == ["Gone"]
    expect(shape(page, "Start")).to_have_class(has_class("esc-completed"))
    expect(shape(page, "Flow_to_approve")).to_have_class(has_class("esc-completed"))
    expect(shape(page, "Task_approve")).to_have_class(has_class("esc-active"))
    expect(shape(page, "Timer_sla")).to_have_class(has_class("esc-waiting"))
    expect(shape(page, "End")).not_to_have_class(re.compile("esc-"))
    expect(page.locator(".esc-overlay")).to_have_text("Approvers <due 14:00>")
    # The marker styles win over the colours bpmn-js writes inline.
    task_outline = shape(page, "Task_approve").locator(".djs-visual > rect").first
    assert task_outline.evaluate("el => getComputedStyle(el).stroke") == "rgb(13, 110, 253)"
    assert problems == []
