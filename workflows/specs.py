"""Load BPMN (and DMN) into parsed specs identified by content hash, and cache them."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec

from .errors import InvalidDiagram, Problem, UnknownSpec
from .parser import EngineParser
from .xmlsafe import parse_xml


@dataclass(frozen=True)
class ProcessSpec:
    """A parsed template: the executable process, its subprocesses, and its content hash."""

    hash: str
    process_id: str
    name: str | None
    spec: BpmnProcessSpec = field(repr=False)
    subprocess_specs: dict[str, Any] = field(repr=False)


def content_hash(bpmn: bytes | str, *, dmn: Sequence[bytes | str] = ()) -> str:
    """The SHA-256 of the BPMN and DMN documents, the key a spec is stored under."""
    digest = hashlib.sha256()
    for document in (bpmn, *dmn):
        data = document.encode("utf-8") if isinstance(document, str) else document
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def problem_from_validation(exc: ValidationException) -> Problem:
    """A Problem located from SpiffWorkflow's ValidationException."""
    line = exc.line_number if isinstance(exc, ValidationException) else None
    return Problem(
        str(exc).rstrip(". "),
        element_id=getattr(exc, "id", None) or None,
        element_name=getattr(exc, "name", None) or None,
        line=line if isinstance(line, int) else None,
    )


def build_parser(root: etree._Element, dmn_roots: Sequence[etree._Element]) -> EngineParser:
    """A parser holding the given (already safely parsed) documents."""
    parser = EngineParser()
    for dmn_root in dmn_roots:
        parser.add_dmn_xml(dmn_root)
    parser.add_bpmn_xml(root)
    return parser


def executable_process_id(parser: EngineParser) -> str:
    """The id of the single executable process, or InvalidDiagram."""
    ids = parser.get_process_ids()
    if len(ids) != 1:
        found = ", ".join(ids) or "none"
        raise InvalidDiagram(
            [Problem(f"a template needs exactly one executable process (found: {found})")]
        )
    return ids[0]


def load_spec(bpmn: bytes | str, *, dmn: Sequence[bytes | str] = ()) -> ProcessSpec:
    """Parse a template safely into a ProcessSpec; raise InvalidDiagram on any problem."""
    root = parse_xml(bpmn, source="BPMN")
    dmn_roots = [parse_xml(d, source="DMN") for d in dmn]
    try:
        parser = build_parser(root, dmn_roots)
        process_id = executable_process_id(parser)
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
    except ValidationException as exc:
        raise InvalidDiagram([problem_from_validation(exc)]) from None
    except InvalidDiagram:
        raise
    except Exception as exc:
        raise InvalidDiagram([Problem(f"cannot be parsed: {exc}")]) from None
    return ProcessSpec(
        hash=content_hash(bpmn, dmn=dmn),
        process_id=process_id,
        name=spec.bpmn_name if hasattr(spec, "bpmn_name") else spec.name,
        spec=spec,
        subprocess_specs=subprocess_specs,
    )


class SpecLibrary:
    """Parsed specs by content hash (least recently used dropped past `max_size`)."""

    def __init__(self, *, max_size: int = 256) -> None:
        self.max_size = max_size
        self._specs: OrderedDict[str, ProcessSpec] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, bpmn: bytes | str, *, dmn: Sequence[bytes | str] = ()) -> ProcessSpec:
        """The spec of these documents, parsed only when its hash is not cached yet."""
        key = content_hash(bpmn, dmn=dmn)
        with self._lock:
            if key in self._specs:
                self._specs.move_to_end(key)
                return self._specs[key]
        spec = load_spec(bpmn, dmn=dmn)
        self.add(spec)
        return spec

    def add(self, spec: ProcessSpec) -> None:
        """Keep a spec (evicting the least recently used one past `max_size`)."""
        with self._lock:
            self._specs[spec.hash] = spec
            self._specs.move_to_end(spec.hash)
            while len(self._specs) > self.max_size:
                self._specs.popitem(last=False)

    def get(self, spec_hash: str) -> ProcessSpec:
        """The cached spec with this hash, or UnknownSpec (then `load` it from its documents)."""
        with self._lock:
            spec = self._specs.get(spec_hash)
            if spec is not None:
                self._specs.move_to_end(spec_hash)
        if spec is None:
            raise UnknownSpec(f"no spec with hash {spec_hash} is loaded")
        return spec

    def __contains__(self, spec_hash: object) -> bool:
        with self._lock:
            return spec_hash in self._specs

    def __len__(self) -> int:
        with self._lock:
            return len(self._specs)
