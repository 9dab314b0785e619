"""The business-hours pages: list, new, edit, delete, for escalation admins only; and the
severity form's choice of schedule."""

import re

import pytest

from webapp.extensions import db
from webapp.severity import schedules, service
from webapp.severity.models import Schedule

FORM = {"name": "Berlin office", "time_zone": "Europe/Berlin", "days": ["1", "2", "3", "4", "5"],
        "day_start": "09:00", "day_end": "17:00", "holidays": "2026-12-24\r\n2026-12-25",
        "description": ""}
NOT_ADMINS = ["alice", "carol", "bob", "dave", "erin", "frank"]
PAGES = [("get", "/admin/schedules/"), ("get", "/admin/schedules/new"),
         ("post", "/admin/schedules/new"), ("get", "/admin/schedules/{id}"),
         ("post", "/admin/schedules/{id}"), ("post", "/admin/schedules/{id}/delete")]


@pytest.fixture
def office(world):
    return schedules.create(**FORM, actor=world.pat)


@pytest.mark.parametrize("username", NOT_ADMINS)
@pytest.mark.parametrize(("method", "path"), PAGES)
def test_every_page_and_action__is_403_without_escalation_admin(as_user, office, username,
                                                                method, path):
    response = getattr(as_user(username), method)(path.format(id=office.id),
                                                  data={**FORM, "name": "Changed"})
    assert response.status_code == 403
    db.session.expire_all()
    assert [s.name for s in db.session.query(Schedule)] == ["Berlin office"]


def test_list__asks_anonymous_users_to_log_in(client, world):
    response = client.get("/admin/schedules/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_menu__links_to_business_hours(as_user):
    assert 'href="/admin/schedules/">Business hours</a>' in as_user("pat").get("/").text


def test_list__shows_days_hours_zone_holidays_and_the_severities_using_it(as_user, office):
    high = service.get_by_name("High Severity")
    service.update(severity=high, changes={"schedule_id": office.id}, actor=None)
    page = as_user("pat").get("/admin/schedules/").text
    row = re.search(r'<tr data-schedule="Berlin office">.*?</tr>', page, re.S).group(0)
    for shown in ("Mon–Fri", "09:00–17:00", "Europe/Berlin", "2 days", "High Severity"):
        assert shown in row
    assert "/delete" not in row


def test_list__says_what_to_do_when_there_is_none(as_user):
    assert "No schedules yet" in as_user("admin").get("/admin/schedules/").text


def test_new__adds_the_schedule_and_returns_to_the_list(as_user):
    response = as_user("pat").post("/admin/schedules/new", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/schedules/")
    (schedule,) = db.session.query(Schedule).all()
    assert (schedule.days, schedule.holidays) == ("12345", ["2026-12-24", "2026-12-25"])


def test_new__offers_mon_to_fri_nine_to_five_to_start_from(as_user):
    page = as_user("pat").get("/admin/schedules/new").text
    assert re.search(r'id="day-1" value="1"[^>]*checked', page)
    assert not re.search(r'id="day-6" value="6"[^>]*checked', page)
    assert 'value="09:00"' in page and 'value="17:00"' in page
    assert '<option value="Europe/Berlin">' in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"time_zone": "Mars/Olympus"}, "There is no time zone &#39;Mars/Olympus&#39;"),
    ({"days": []}, "Choose at least one working day."),
    ({"day_end": "08:00"}, "The working day must end after it starts."),
    ({"holidays": "2026-12-24\r\nChristmas"}, "Line 2: &#39;Christmas&#39; is not a date."),
])
def test_new__shows_what_is_wrong_and_saves_nothing(as_user, changes, message):
    response = as_user("pat").post("/admin/schedules/new", data={**FORM, **changes})
    assert response.status_code == 400
    assert message in response.text and "The schedule was not saved" in response.text
    assert db.session.query(Schedule).count() == 0


def test_edit__shows_the_saved_values_when_each_severity_would_be_due_and_the_history(
        as_user, office):
    page = as_user("pat").get(f"/admin/schedules/{office.id}").text
    assert 'value="Europe/Berlin"' in page and "2026-12-24\n2026-12-25</textarea>" in page
    assert re.search(r'id="day-5" value="5"[^>]*checked', page)
    assert "High Severity" in re.search(r'id="examples".*?</ul>', page, re.S).group(0)
    assert "Created" in page


def test_edit__saves_the_changes(as_user, office):
    response = as_user("pat").post(f"/admin/schedules/{office.id}",
                                   data={**FORM, "days": ["1", "2", "3", "4", "5", "6"]})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Schedule, office.id).days == "123456"


def test_edit__refuses_bad_input_and_keeps_the_schedule(as_user, office):
    response = as_user("pat").post(f"/admin/schedules/{office.id}",
                                   data={**FORM, "day_start": "nine"})
    assert response.status_code == 400 and "Write the time as HH:MM" in response.text
    db.session.expire_all()
    assert db.session.get(Schedule, office.id).day_start.hour == 9


def test_edit__of_a_schedule_that_does_not_exist_is_404(as_user):
    assert as_user("pat").get("/admin/schedules/999999").status_code == 404


def test_delete__removes_an_unused_schedule(as_user, office):
    response = as_user("pat").post(f"/admin/schedules/{office.id}/delete")
    assert response.status_code == 302
    assert db.session.query(Schedule).count() == 0


def test_delete__refuses_a_schedule_in_use_and_says_why(as_user, office):
    high = service.get_by_name("High Severity")
    service.update(severity=high, changes={"schedule_id": office.id}, actor=None)
    response = as_user("pat").post(f"/admin/schedules/{office.id}/delete")
    assert response.status_code == 409
    assert "Berlin office is the schedule of High Severity" in response.text
    assert db.session.query(Schedule).count() == 1


def test_severity_form__offers_24x7_and_each_schedule_and_saves_the_choice(as_user, office):
    client = as_user("pat")
    high = service.get_by_name("High Severity")
    page = client.get(f"/admin/severities/{high.id}").text
    assert "24×7: every hour of every day" in page
    assert f'<option value="{office.id}">Berlin office</option>' in page
    response = client.post(f"/admin/severities/{high.id}", data={
        "name": high.name, "color": high.color, "order": "1", "response_time": "PT4H",
        "description": "", "schedule_id": str(office.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert service.get_by_name("High Severity").schedule.name == "Berlin office"
    listed = client.get("/admin/severities/").text
    assert re.search(r'data-severity="High Severity".*?in <a[^>]*>Berlin office</a>', listed,
                     re.S)


def test_severity_form__refuses_a_schedule_that_is_not_there(as_user):
    high = service.get_by_name("High Severity")
    response = as_user("pat").post(f"/admin/severities/{high.id}", data={
        "name": high.name, "color": high.color, "order": "1", "response_time": "PT4H",
        "description": "", "schedule_id": "424242"})
    assert response.status_code == 400 and "There is no such schedule" in response.text
    db.session.expire_all()
    assert service.get_by_name("High Severity").schedule is None
