"""The shipped templates lost their notify() calls for moves (the app tells people itself): an
install still on a diagram shipped before gets the new one as its next version."""

import subprocess
from pathlib import Path

import pytest

from webapp.demo.templates import BPMN_DIR, SHIPPED, publish_shipped
from webapp.escalations.templates import service as templates
from workflows import content_hash

REPO = Path(__file__).resolve().parents[3]
# Commits that shipped earlier diagrams: before the notifications of moves, and the Critical
# template's first breach path.
BEFORE = ("9a912b4", "0aaed55")


def _at(commit: str, entry: dict) -> str | None:
    found = subprocess.run(["git", "show", f"{commit}:bpmn/{entry['file']}"], cwd=REPO,
                           capture_output=True, text=True)
    return found.stdout if found.returncode == 0 else None


@pytest.mark.parametrize("entry", SHIPPED, ids=[e["name"] for e in SHIPPED])
def test_every_diagram_shipped_before__is_listed_as_earlier(entry):
    for commit in BEFORE:
        xml = _at(commit, entry)
        if xml is None:
            pytest.skip(f"the history holds no commit {commit} (a shallow clone?)")
        assert content_hash(xml.encode()) in entry["earlier"], commit


@pytest.mark.parametrize("entry", SHIPPED[:2], ids=[e["name"] for e in SHIPPED[:2]])
def test_a_standard_template_on_its_first_diagram__gets_the_new_one(world, entry):
    xml = _at(BEFORE[0], entry)
    if xml is None:
        pytest.skip(f"the history holds no commit {BEFORE[0]} (a shallow clone?)")
    template = templates.get_by_name(entry["name"])
    templates.publish(xml=xml, name=entry["name"], source_type=entry["type"])
    assert "notify(" in template.latest_version.bpmn_xml
    assert publish_shipped() == 1
    now = (BPMN_DIR / entry["file"]).read_text(encoding="utf-8")
    assert template.latest_version.bpmn_xml == now and "notify(" not in now
    assert publish_shipped() == 0
