"""Severity use cases: create, update, deactivate, activate and delete, each audited."""

from datetime import UTC, datetime

import pytest

from tests.escalation_world import case_in, request_form
from webapp.audit import service as audit
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.escalations import service as escalations
from webapp.extensions import db
from webapp.severity import service
from webapp.severity.models import Severity

GOOD = {"name": "Critical", "color": "#6f42c1", "order": 1, "response_time": "PT1H",
        "description": "Outage across the customer's business."}
COLOR = "Write the colour as #rrggbb, for example #d9534f."
ORDER = "Order is a whole number from 1 (most severe) to 1000."
BAD_INPUT = [
    ("name", "", "A name is required."),
    ("name", "   ", "A name is required."),
    ("name", "x" * 81, "Keep the name to 80 characters."),
    ("name", "high severity", "Another severity already has this name."),
    *[("color", value, COLOR) for value in ("", "red", "#fff", "d9534f", "#d9534g")],
    *[("order", value, ORDER) for value in ("", "0", -2, "1.5", "two", "1001", None)],
    ("response_time", "", "A response time is required."),
    ("response_time", "4 hours", "'4 hours' is not an ISO 8601 duration."),
    ("response_time", "PT0M", "PT0M is zero"),
    ("description", "x" * 2001, "Keep the description to 2,000 characters."),
]


def _history(severity):
    return [entry.action for entry in audit.list_for(record_type="severity",
                                                      record_id=severity.id)]


def _escalation_using(world, severity_name="High Severity"):
    return escalations.request_escalation(source=case_in(world), actor=world.alice,
                                          form=request_form(severity=severity_name))


def test_create__adds_an_active_severity_and_audits_it(world):
    severity = service.create(**GOOD, actor=world.pat)
    assert (severity.name, severity.color, severity.order, severity.response_time) == (
        "Critical", "#6f42c1", 1, "PT1H")
    assert severity.active and _history(severity) == ["created"]
    assert service.get_active_by_name_or_raise("Critical") == severity


def test_create__tidies_the_values_it_stores(world):
    severity = service.create(name="  Low   Severity ", color=" #5BC0DE ", order=" 3 ",
                              response_time="p1dt2h", actor=world.pat)
    assert (severity.name, severity.color, severity.order, severity.response_time,
            severity.description) == ("Low Severity", "#5bc0de", 3, "P1DT2H", "")


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_create__refuses_bad_input_naming_the_field_and_adds_nothing(world, field, value,
                                                                    message):
    with pytest.raises(ValidationFailed) as refused:
        service.create(**{**GOOD, field: value}, actor=world.pat)
    assert list(refused.value.fields) == [field]
    assert refused.value.fields[field].startswith(message)
    assert db.session.query(Severity).count() == 2


def test_create__names_every_bad_field_at_once(world):
    with pytest.raises(ValidationFailed) as refused:
        service.create(name="", color="red", order=0, response_time="soon", actor=world.pat)
    assert set(refused.value.fields) == {"name", "color", "order", "response_time"}


def test_update__changes_the_fields_and_audits_only_what_changed(world):
    high = service.get_by_name("High Severity")
    service.update(severity=high, actor=world.pat,
                   changes={"color": "#B22222", "response_time": "PT2H", "order": 1})
    assert (high.color, high.response_time) == ("#b22222", "PT2H")
    entry = audit.list_for(record_type="severity", record_id=high.id)[0]
    assert entry.action == "updated" and entry.actor == world.pat
    assert entry.before == {"color": "#d9534f", "response_time": "PT4H"}
    assert entry.after == {"color": "#b22222", "response_time": "PT2H"}


def test_update__may_keep_or_recase_its_own_name(world):
    high = service.get_by_name("High Severity")
    service.update(severity=high, changes={"name": "HIGH severity"}, actor=world.pat)
    assert high.name == "HIGH severity"


def test_update__without_changes_records_nothing(world):
    high = service.get_by_name("High Severity")
    service.update(severity=high, changes={"color": "#d9534f"}, actor=world.pat)
    assert _history(high) == []


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_update__refuses_bad_input_and_changes_nothing(world, field, value, message):
    medium = service.get_by_name("Medium Severity")
    with pytest.raises(ValidationFailed) as refused:
        service.update(severity=medium, changes={**GOOD, field: value}, actor=world.pat)
    assert refused.value.fields[field].startswith(message)
    db.session.expire_all()
    assert service.snapshot(db.session.get(Severity, medium.id)) == {
        "name": "Medium Severity", "color": "#f0ad4e", "order": 2, "response_time": "PT8H",
        "description": service.DEFAULTS[1]["description"], "active": True, "schedule": "24×7"}
    assert _history(medium) == []


def test_deactivate__stops_offering_it_while_its_escalations_keep_it(world):
    escalation = _escalation_using(world)
    high = service.get_by_name("High Severity")
    service.deactivate(severity=high, actor=world.pat)
    assert [s.name for s in service.list_active()] == ["Medium Severity"]
    with pytest.raises(ValidationFailed):
        service.get_active_by_name_or_raise("High Severity")
    assert escalation.severity == high and _history(high) == ["deactivated"]


def test_deactivate__refuses_the_last_active_severity(world):
    service.deactivate(severity=service.get_by_name("Medium Severity"), actor=world.pat)
    high = service.get_by_name("High Severity")
    with pytest.raises(InvalidTransition, match="last active severity"):
        service.deactivate(severity=high, actor=world.pat)
    assert high.active


def test_activate__offers_it_again(world):
    medium = service.get_by_name("Medium Severity")
    service.deactivate(severity=medium, actor=world.pat)
    service.activate(severity=medium, actor=world.pat)
    assert medium.active and _history(medium) == ["activated", "deactivated"]


def test_delete__removes_an_unused_severity_and_audits_it(world):
    medium = service.get_by_name("Medium Severity")
    medium_id = medium.id
    service.delete(severity=medium, actor=world.pat)
    assert service.get_by_name("Medium Severity") is None
    entry = audit.list_for(record_type="severity", record_id=medium_id)[0]
    assert entry.action == "deleted" and entry.before["name"] == "Medium Severity"


def test_delete__refuses_a_severity_in_use_which_may_be_deactivated_instead(world):
    _escalation_using(world, "Medium Severity")
    medium = service.get_by_name("Medium Severity")
    with pytest.raises(InvalidTransition) as refused:
        service.delete(severity=medium, actor=world.pat)
    assert refused.value.message == ("Medium Severity is in use by 1 escalation(s); "
                                     "deactivate it instead.")
    service.deactivate(severity=medium, actor=world.pat)
    assert not service.get_by_name("Medium Severity").active


def test_delete__refuses_the_last_active_severity(world):
    service.delete(severity=service.get_by_name("Medium Severity"), actor=world.pat)
    with pytest.raises(InvalidTransition, match="last active severity"):
        service.delete(severity=service.get_by_name("High Severity"), actor=world.pat)


def test_list_with_usage__counts_the_escalations_of_each(world):
    _escalation_using(world)
    usage = {row.severity.name: row.escalations for row in service.list_with_usage()}
    assert usage == {"High Severity": 1, "Medium Severity": 0}


def test_history__leaves_out_the_entries_of_a_deleted_severity_whose_id_was_reused(world):
    low = service.create(**{**GOOD, "name": "Low"}, actor=world.pat)
    for action, day in (("created", 1), ("deleted", 2)):
        audit.record(record_type="severity", record_id=low.id, action=action, actor=world.pat,
                     at=datetime(2020, 1, day, tzinfo=UTC))
    db.session.commit()
    service.update(severity=low, changes={"description": "Minor"}, actor=world.pat)
    assert [entry.action for entry in service.history(low)] == ["updated", "created"]
