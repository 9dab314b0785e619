"""Constructs SpiffWorkflow evaluates outside the script engine are refused: publish and run."""

from pathlib import Path

import pytest

from workflows import Instance, ScriptError, check_template, load_spec

DIAGRAMS = Path(__file__).parent / "diagrams"
SECRET = "TOP-SECRET-7d1c"


@pytest.fixture
def hostile(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    marker = tmp_path / "marker"

    def load(name: str) -> tuple[bytes, Path]:
        text = (DIAGRAMS / name).read_text()
        return text.replace("{marker}", str(marker)).replace(
            "{secret_path}", str(secret)).encode(), marker

    return load


@pytest.mark.parametrize(("name", "expected"), [
    ("hostile_adhoc.bpmn", "ad-hoc sub-processes are not supported"),
    ("hostile_correlation.bpmn", "message correlations are not supported")])
def test_checker__refuses_constructs_run_outside_the_sandbox(hostile, name, expected):
    xml, _ = hostile(name)
    problems = check_template(xml, operations=(), lane_resolves=(), messages={"de-escalate"})
    assert any(expected in p.message for p in problems), problems


def test_adhoc_completion_condition__is_refused_at_run_time_too(hostile):
    xml, marker = hostile("hostile_adhoc.bpmn")
    with pytest.raises(ScriptError) as caught:
        Instance.start(load_spec(xml), variables={})
    assert "evaluated outside the sandbox" in str(caught.value)
    assert not marker.exists() and SECRET not in str(caught.value)


def test_message_correlation__is_refused_at_run_time_too(hostile):
    xml, marker = hostile("hostile_correlation.bpmn")
    instance = Instance.start(load_spec(xml), variables={})
    with pytest.raises(ScriptError) as caught:
        instance.send_message("de-escalate", {"justification": "x", "by": "alice"})
    assert "evaluated outside the sandbox" in str(caught.value)
    assert not marker.exists() and SECRET not in str(caught.value)
