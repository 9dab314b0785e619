"""Stored state: spec-less JSON, serializer version, refusal of what cannot be restored."""

from __future__ import annotations

import json

import pytest

from workflows import (
    SERIALIZER_VERSION,
    IncompatibleState,
    Instance,
    SpecLibrary,
    UnknownSpec,
    content_hash,
)


def test_serialize__stamps_the_serializer_version_and_spec_hash(start, approval_spec):
    state = json.loads(start().serialize())
    assert state["serializer_version"] == SERIALIZER_VERSION
    assert state["spec_hash"] == approval_spec.hash


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: {**s, "serializer_version": "1.4"}, "no migration from it"),
        (lambda s: {k: v for k, v in s.items() if k != "serializer_version"}, "version None"),
        (lambda s: {**s, "spec_hash": "0" * 64}, "belongs to spec"),
        (lambda s: {**s, "tasks": {}}, "cannot be restored"),
    ],
    ids=["older version", "no version", "another spec", "corrupt tasks"],
)
def test_restore__refuses_state_it_cannot_honour(start, approval_spec, change, message):
    state = json.dumps(change(json.loads(start().serialize())))
    with pytest.raises(IncompatibleState, match=message):
        Instance.restore(approval_spec, state)


def test_restore__refuses_text_that_is_not_json(approval_spec):
    with pytest.raises(IncompatibleState, match="not valid JSON"):
        Instance.restore(approval_spec, "{nope")


def test_library__parses_each_content_once(diagram):
    library = SpecLibrary()
    bpmn, dmn = diagram("approval.bpmn"), [diagram("route.dmn")]
    first = library.load(bpmn, dmn=dmn)
    assert library.load(bpmn, dmn=dmn) is first
    assert library.get(content_hash(bpmn, dmn=dmn)) is first
    assert first.hash == content_hash(bpmn, dmn=dmn) != content_hash(bpmn)


def test_library__drops_the_least_recently_used_spec(scripted):
    library = SpecLibrary(max_size=2)
    specs = [library.load(scripted(f"x = {n}")) for n in range(3)]
    assert specs[0].hash not in library
    assert len(library) == 2
    with pytest.raises(UnknownSpec):
        library.get(specs[0].hash)
