"""Hardened XML parsing: no DTD, no entity expansion, no network, and a DOCTYPE is an error."""

from __future__ import annotations

from lxml import etree

from .errors import InvalidDiagram, Problem

MAX_DIAGRAM_BYTES = 5 * 1024 * 1024


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
