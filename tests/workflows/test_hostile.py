"""Hostile diagrams fail with a clear WorkflowError and leave the server untouched."""

from __future__ import annotations

import time

import pytest

from workflows import (
    Instance,
    InvalidDiagram,
    Limits,
    SandboxViolation,
    ScriptError,
    WorkflowError,
    check_template,
    load_spec,
)

FAST = Limits(seconds=0.2)
SECRET = "s3cr3t-c0ntent"

XML_ATTACKS = {
    "external entity reading a local file": """<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file://{secret_path}">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <process id="p" isExecutable="true"><documentation>&xxe;</documentation></process>
</definitions>""",
    "billion laughs": """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">&lol3;</definitions>""",
    "a DOCTYPE": """<?xml version="1.0"?>
<!DOCTYPE definitions SYSTEM "http://example.invalid/bpmn.dtd">
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"/>""",
}

SCRIPT_ATTACKS = {
    "__import__": ('__import__("os").system("touch {marker}")', ScriptError),
    "open": ('leak = open("{secret_path}").read()', ScriptError),
    "subclasses walk": ("leak = ().__class__.__base__.__subclasses__()", ScriptError),
    "getattr tricks": ('leak = getattr(escalate, "__globals__")', ScriptError),
    "dict attribute fallback": ('leak = {{"x": 1}}.__class__', ScriptError),
    "format-string attribute access": ('leak = "{{0.__class__}}".format(1)', ScriptError),
    "f-string attribute access": ('leak = f"{{escalate.__globals__}}"', ScriptError),
    "generator frame access": ("g = (x for x in [1])\nleak = g.gi_frame.f_back", ScriptError),
    "an endless loop": ("while True:\n    pass", SandboxViolation),
    "a loop swallowing the time limit": (
        "while True:\n    try:\n        while True:\n            pass\n    except Exception:\n"
        "        pass", SandboxViolation),
    "exponential recursion": (
        "def f(n):\n    return 1 if n == 0 else f(n - 1) + f(n - 1)\nleak = f(60)",
        SandboxViolation),
    "10**10**10": ("leak = 10**10**10", SandboxViolation),
    "pow builtin": ("leak = pow(10, 10**10)", SandboxViolation),
    "a 100 MB string": ('leak = "a" * 10**8', SandboxViolation),
    "a 100 MB padding": ('leak = "a".ljust(10**8)', SandboxViolation),
    "doubling a string": ('s = "a" * 1000\nwhile True:\n    s += s', SandboxViolation),
    "a huge range": ("leak = list(range(10**9))", SandboxViolation),
    "a class": ("class A:\n    pass", ScriptError),
    "raising SystemExit": ("raise SystemExit(0)", ScriptError),
    "throwing SystemExit into a generator": ("(x for x in []).throw(SystemExit)", ScriptError),
    "sum of lists (quadratic)": ("leak = sum([[0]] * 200000, [])", SandboxViolation),
    "pow with a huge modulus": ("e = 1 << 65000\nleak = pow(3, e, e - 2)", SandboxViolation),
    "a * width in a % format": ('leak = "%*s" % (2000000000, "")', SandboxViolation),
    "str methods taken from the type": ('leak = str.center("x", 2000000000)', SandboxViolation),
    "joining past the size limit": ('s = "a" * 500000\nleak = "".join([s, s, s])',
                                    SandboxViolation),
    "a result too large to store": ("leak = [[[0] * 1000] * 1000] * 1000", ScriptError),
    "a result that cannot be stored": ("def f():\n    pass\nleak = [f]", ScriptError),
}


@pytest.fixture
def secret_path(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.mark.parametrize("xml", XML_ATTACKS.values(), ids=XML_ATTACKS)
def test_hostile_xml__is_refused_without_reading_anything(xml, secret_path):
    document = xml.format(secret_path=secret_path).encode()
    with pytest.raises(InvalidDiagram) as caught:
        load_spec(document)
    problems = check_template(document, operations=(), lane_resolves=())
    assert problems
    assert "DOCTYPE" in str(caught.value)
    assert SECRET not in str(caught.value) + "".join(str(p) for p in problems)


def test_malformed_xml__reports_the_line():
    document = b'<?xml version="1.0"?>\n<definitions>\n  <process>\n</definitions>'
    with pytest.raises(InvalidDiagram) as caught:
        load_spec(document)
    assert caught.value.line == 4
    (problem,) = check_template(document, operations=(), lane_resolves=())
    assert problem.line == 4


@pytest.mark.parametrize(("script", "error"), SCRIPT_ATTACKS.values(), ids=SCRIPT_ATTACKS)
def test_hostile_script__fails_on_its_element_and_touches_nothing(
    scripted, recorder, tmp_path, secret_path, script, error
):
    marker = tmp_path / "marker"
    source = script.format(marker=marker, secret_path=secret_path)
    spec = load_spec(scripted(source))
    began = time.monotonic()
    with pytest.raises(error) as caught:
        Instance.start(spec, variables={}, operations=recorder.operations(), limits=FAST)
    assert time.monotonic() - began < 2
    assert caught.value.element_id == "run"
    assert not marker.exists()
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    "condition",
    ['${"a" * 10**8 == ""}', "10**10**10 > 1", '${"".join(["x"] * 10**8) == ""}'],
)
def test_hostile_condition__is_stopped_by_the_size_limit(scripted, condition):
    spec = load_spec(scripted("x = 1", condition=condition))
    with pytest.raises(SandboxViolation) as caught:
        Instance.start(spec, variables={}, limits=FAST)
    assert caught.value.element_id == "gate"


def test_failed_instance__reports_error_status_with_element_and_message(scripted):
    spec = load_spec(scripted("x = 1 / 0"))
    with pytest.raises(WorkflowError):
        Instance.start(spec, variables={})


def test_operation_failure__becomes_a_script_error_naming_the_element(scripted):
    def escalate():
        raise RuntimeError("escalation is already closed")

    spec = load_spec(scripted("escalate()"))
    with pytest.raises(ScriptError) as caught:
        Instance.start(spec, variables={}, operations={"escalate": escalate})
    assert caught.value.element_id == "run"
    assert "escalate() failed: escalation is already closed" in str(caught.value)
    assert isinstance(caught.value.original, RuntimeError)
