"""Hardened XML parsing: no DTD, no entity expansion, no network, and a DOCTYPE is an error."""

from __future__ import annotations

from lxml import etree

from .errors import InvalidDiagram, Problem

MAX_DIAGRAM_BYTES = 5 * 1024 * 1024

# The namespaces a diagram's elements may come from: BPMN and its diagram interchange, and the
# extensions the modeler and the engine read. Anything else (an HTML or SVG script, say) has no
# business in a process and could run in a browser that opens the file.
DIAGRAM_NAMESPACES = frozenset({
    "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
    "http://www.omg.org/spec/DD/20100524/DI",
    "http://camunda.org/schema/1.0/bpmn",
    "http://camunda.org/schema/modeler/1.0",
    "http://spiffworkflow.org/bpmn/schema/1.0/core",
    "http://bpmn.io/schema/bpmn/biocolor/1.0",
    "http://www.omg.org/spec/BPMN/non-normative/color/1.0",
})


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_xml(data: bytes | str, *, source: str = "diagram") -> etree._Element:
    """Parse untrusted XML into an element tree or raise InvalidDiagram with the line."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_DIAGRAM_BYTES:
        raise InvalidDiagram([Problem(f"{source} is larger than {MAX_DIAGRAM_BYTES} bytes")])
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or None
        raise InvalidDiagram(
            [Problem(f"{source} is not well-formed XML: {exc.msg}", line=line)]
        ) from None
    doctype = root.getroottree().docinfo.doctype
    if doctype or _has_entities(root):
        raise InvalidDiagram(
            [Problem(f"{source} declares a DOCTYPE; remove it (DTDs and entities are refused)")]
        )
    return root


def _has_entities(root: etree._Element) -> bool:
    """True when an entity reference survived parsing (it is never expanded)."""
    for node in root.iter():
        if isinstance(node, etree._Entity):
            return True
    return False


def parse_diagram(data: bytes | str, *, source: str = "The diagram") -> etree._Element:
    """Parse an uploaded or edited BPMN diagram: safe XML (see `parse_xml`) whose elements all
    come from DIAGRAM_NAMESPACES, with no processing instruction (a stylesheet could run)."""
    root = parse_xml(data, source=source)
    nodes = [*root.itersiblings(preceding=True), *root.iter(), *root.itersiblings()]
    problems = [_foreign(node, source) for node in nodes if _is_foreign(node)]
    if problems:
        raise InvalidDiagram(problems)
    return root


def _is_foreign(node: etree._Element) -> bool:
    if isinstance(node, etree._ProcessingInstruction):
        return True
    if isinstance(node, etree._Comment | etree._Entity):
        return False
    return etree.QName(node).namespace not in DIAGRAM_NAMESPACES


def _foreign(node: etree._Element, source: str) -> Problem:
    if isinstance(node, etree._ProcessingInstruction):
        return Problem(f"{source} holds a processing instruction <?{node.target} …?>; remove it "
                       "(diagrams carry BPMN only)", line=node.sourceline)
    name = etree.QName(node)
    where = f"{{{name.namespace}}}" if name.namespace else "no namespace"
    return Problem(f"{source} holds the element <{name.localname}> from {where}; only BPMN, "
                   "BPMN DI, Camunda and the modeler's own extensions are allowed: remove it",
                   line=node.sourceline)
