"""A diagram that carries scripts for a browser (HTML and SVG, in extension elements and in a
stylesheet instruction): what the app must refuse to store and never serve as a page."""

from pathlib import Path

STANDARD = (Path(__file__).resolve().parents[1] / "bpmn" / "standard_case_escalation.bpmn"
            ).read_text()

HTML_SCRIPT = ('<html:script xmlns:html="http://www.w3.org/1999/xhtml">'
               'alert("html")</html:script>')
SVG_SCRIPT = ('<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert("svg")'
              '</svg:script></svg:svg>')


def with_scripts() -> str:
    """The standard case diagram with an HTML and an SVG script in the approval task's
    extension elements."""
    marker = "<bpmn:extensionElements>"
    at = STANDARD.index(marker, STANDARD.index('name="Approve escalation"')) + len(marker)
    return STANDARD[:at] + HTML_SCRIPT + SVG_SCRIPT + STANDARD[at:]


def with_stylesheet() -> str:
    """The standard case diagram behind an XSLT stylesheet instruction."""
    declaration_end = STANDARD.index("?>") + 2
    return (STANDARD[:declaration_end] + '\n<?xml-stylesheet type="text/xsl" href="data:,x"?>'
            + STANDARD[declaration_end:])
