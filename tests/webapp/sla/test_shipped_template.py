"""The Critical Case template ships with a breach path; an install still on an earlier shipped
diagram gets it as a new version, one whose template was changed since keeps its own."""

import subprocess
from pathlib import Path

import pytest

from webapp.demo.templates import BPMN_DIR, SHIPPED, publish_shipped
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import SourceType
from workflows import content_hash

CRITICAL = "Critical Case Escalation"
(ENTRY,) = [e for e in SHIPPED if e["name"] == CRITICAL]
FIRST_SHIPPED = "21b1f6e"  # the commit that shipped the first Critical Case diagram
REPO = Path(__file__).resolve().parents[3]


def _shipped_now() -> str:
    return (BPMN_DIR / ENTRY["file"]).read_text(encoding="utf-8")


def test_the_earlier_diagram_named__is_the_first_one_shipped():
    found = subprocess.run(["git", "show", f"{FIRST_SHIPPED}:bpmn/{ENTRY['file']}"], cwd=REPO,
                           capture_output=True, text=True)
    if found.returncode != 0:
        pytest.skip(f"the history holds no commit {FIRST_SHIPPED} (a shallow clone?)")
    assert content_hash(found.stdout.encode()) in ENTRY["earlier"]
    assert "sla-breached" not in found.stdout and "sla-breached" in _shipped_now()


@pytest.fixture
def on_an_earlier_diagram(world, monkeypatch):
    """The Critical Case template on a diagram the entry lists as shipped before."""
    earlier = _shipped_now().replace("breached its SLA", "is past its response time")
    templates.publish(xml=earlier, name=CRITICAL, source_type=SourceType.CASE)
    monkeypatch.setitem(ENTRY, "earlier", (*ENTRY["earlier"], content_hash(earlier.encode())))
    return templates.get_by_name(CRITICAL)


def test_a_template_on_an_earlier_diagram__gets_the_new_one_as_its_next_version(
        on_an_earlier_diagram):
    template = on_an_earlier_diagram
    before = template.latest_version.number
    assert publish_shipped() == 1
    assert template.latest_version.number == before + 1
    assert template.latest_version.bpmn_xml == _shipped_now()
    assert template.latest_version.summary["changed"] == [
        "Hand to Escalation Management (Task_HandToEscalationManagement)"]
    assert publish_shipped() == 0  # up to date now


def test_a_template_changed_since__keeps_its_own_version(world):
    template = templates.get_by_name(CRITICAL)
    own = _shipped_now().replace("breached its SLA", "is past its SLA")
    templates.publish(xml=own, name=CRITICAL, source_type=SourceType.CASE, actor=world.pat)
    assert publish_shipped() == 0
    assert template.latest_version.bpmn_xml == own
