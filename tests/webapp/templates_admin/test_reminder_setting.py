"""A template's reminder period: an ISO 8601 duration set on its settings page; empty: never."""

import pytest

from webapp.escalations.templates import service as templates
from webapp.extensions import db

CRITICAL = "Critical Case Escalation"


def _save(client, template, **changes):
    form = {"name": template.name, "type": template.type, "approval_group": "Escalation Approvers",
            "description": "typed text", **changes}
    return client.post(f"/admin/templates/{template.id}/settings", data=form)


def test_settings_page__shows_the_reminder_prefilled(as_user, world):
    template = templates.get_by_name(CRITICAL)
    page = as_user("pat").get(f"/admin/templates/{template.id}/settings").text
    assert 'name="reminder"' in page and 'value="PT2H"' in page and "Remind after" in page
    assert 'value="PT2H"' in as_user("pat").get("/admin/templates/new").text


@pytest.mark.parametrize("typed, stored", [("p1dt4h", "P1DT4H"), (" PT30M ", "PT30M"),
                                           ("", "")])
def test_settings__store_the_reminder_or_turn_it_off(as_user, world, typed, stored):
    template = templates.get_by_name(CRITICAL)
    assert _save(as_user("pat"), template, reminder=typed).status_code == 302
    db.session.expire_all()
    assert templates.get_by_name(CRITICAL).reminder == stored


@pytest.mark.parametrize("typed, message", [
    ("2 hours", "is not an ISO 8601 duration"), ("PT0M", "a reminder must be longer"),
    ("PT1.5H30M", "Only the last part"), ("P" + "1" * 40 + "D", "Field cannot be longer")])
def test_settings__refuse_a_bad_reminder_and_change_nothing(as_user, world, typed, message):
    template = templates.get_by_name(CRITICAL)
    response = _save(as_user("pat"), template, reminder=typed, name="Renamed")
    assert response.status_code == 400
    assert message in response.text and "typed text" in response.text
    db.session.expire_all()
    assert (template.name, template.reminder) == (CRITICAL, "PT2H")


def test_settings__posted_without_the_field_keep_the_reminder(as_user, world):
    template = templates.get_by_name(CRITICAL)
    assert _save(as_user("pat"), template).status_code == 302
    db.session.expire_all()
    assert templates.get_by_name(CRITICAL).reminder == "PT2H"


def test_clone__keeps_the_reminder(as_user, world):
    client = as_user("pat")
    template = templates.get_by_name(CRITICAL)
    _save(client, template, reminder="PT45M")
    client.post(f"/admin/templates/{template.id}/clone")
    assert templates.get_by_name(f"Copy of {CRITICAL}").reminder == "PT45M"


def test_settings__are_not_for_agents(as_user, world):
    template = templates.get_by_name(CRITICAL)
    assert _save(as_user("alice"), template, reminder="PT1M").status_code == 403
    db.session.expire_all()
    assert templates.get_by_name(CRITICAL).reminder == "PT2H"
