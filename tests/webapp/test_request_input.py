"""Input no request may carry: a body past the limit (413 before it is read), JSON too deep or
with text no database stores, a NUL byte anywhere, a number no key can be. Each is a 4xx that
says what is wrong, never a 500, and nothing is stored."""

import json

import pytest

from tests.webapp.escalations.api_helpers import basic
from webapp.escalations.models import Escalation
from webapp.escalations.templates import service as templates
from webapp.extensions import db


class NeverRead:
    """A request body that claims to be huge and records whether anyone read it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        self.read_bytes += max(size, 0)
        return b"x" * max(size, 0)

    readline = read


def _claiming(size: int, stream: NeverRead, content_type: str) -> dict:
    return {"content_type": content_type,
            "environ_overrides": {"wsgi.input": stream, "CONTENT_LENGTH": str(size)}}


@pytest.mark.parametrize(("url", "content_type"), [
    ("/login", "application/x-www-form-urlencoded"),
    ("/api/escalations", "application/json"),
])
def test_body_past_the_limit__is_413_before_it_is_read(client, world, url, content_type):
    stream = NeverRead()
    response = client.post(url, headers=basic("alice"),
                           **_claiming(200 * 2**20, stream, content_type))
    assert response.status_code == 413
    assert stream.read_bytes == 0
    assert "larger than the 1024 KB" in response.text


def test_diagram_endpoints__take_a_diagram_sized_body_and_no_more(as_user, world):
    client = as_user("pat")
    template = templates.get_by_name("Standard Case Escalation")
    big = template.latest_version.bpmn_xml.replace(
        "<bpmn:documentation>", "<bpmn:documentation>" + "x" * (3 * 2**20), 1)
    assert client.post(f"/admin/templates/{template.id}/draft",
                       json={"xml": big}).status_code == 200
    stream = NeverRead()
    response = client.post(f"/admin/templates/{template.id}/draft",
                           **_claiming(7 * 2**20, stream, "application/json"))
    assert response.status_code == 413 and stream.read_bytes == 0
    assert "6144 KB" in response.json["error"]


ESCALATE_BODY = {"source_type": "case", "source": "CS0000001", "severity": "High Severity",
                 "reason": "inactivity", "request_source": "customer", "justification": "x"}
BAD_JSON = {
    "nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "nested 33 deep": ("[" * 33 + "]" * 33, "nested too deeply"),
    "a lone surrogate": (json.dumps({**ESCALATE_BODY, "justification": "\ud800"}),
                         "lone surrogate"),
    "a NUL byte": (json.dumps({**ESCALATE_BODY, "justification": "a\x00b"}), "NUL byte"),
    "a NUL byte in a key": (json.dumps({"a\x00": 1}), "NUL byte"),
}


@pytest.mark.parametrize(("body", "says"), BAD_JSON.values(), ids=BAD_JSON)
def test_json_that_cannot_be_stored__is_400_and_nothing_is_stored(client, world, body, says):
    before = db.session.query(Escalation).count()
    response = client.post("/api/escalations", data=body, content_type="application/json",
                           headers=basic("alice"))
    assert response.status_code == 400, response.text
    assert says in response.json["error"]
    assert db.session.query(Escalation).count() == before


@pytest.mark.parametrize("url", ["/accounts/%00", "/cases/?q=a%00b", "/login?next=%00"])
def test_nul_byte_in_the_address__is_400_even_anonymously(client, world, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL byte" in response.text


def test_nul_byte_in_a_form_or_in_credentials__is_400(client, world):
    form = client.post("/login", data={"username": "alice\x00", "password": "demo"})
    assert form.status_code == 400 and "NUL byte" in form.text
    api = client.get("/api/escalations", headers=basic("ali\x00ce"))
    assert api.status_code == 400 and "NUL byte" in api.json["error"]


@pytest.mark.parametrize("url", ["/cases/?priority=1234567890123456789012345",
                                 "/cases/?group=-99999999999999999999",
                                 "/escalations/?severity=1234567890123456789012345",
                                 "/cases/?page=10000000000000000000000000",
                                 "/api/escalations?page=10000000000000000000000000"])
def test_a_number_no_key_can_be__is_a_filter_that_matches_nothing_not_a_500(
        as_user, world, url):
    client = as_user("alice")
    response = client.get(url, headers=basic("alice") if url.startswith("/api") else {})
    assert response.status_code == 200
