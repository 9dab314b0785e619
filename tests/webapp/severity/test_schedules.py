"""Business-hours schedules: create, edit, delete, each audited; bad input saves nothing; a
severity may count its SLA in one."""

from datetime import UTC, datetime, time

import pytest

from webapp.audit import service as audit
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.extensions import db
from webapp.severity import schedules, service
from webapp.severity.models import Schedule

GOOD = {"name": "Berlin office", "time_zone": "Europe/Berlin", "days": ["1", "2", "3", "4", "5"],
        "day_start": "09:00", "day_end": "17:00", "holidays": "2026-12-25\n\n2026-12-24\n",
        "description": "Customer service in Berlin."}
BAD_INPUT = [
    ("name", "", "A name is required."),
    ("name", "x" * 81, "Keep the name to 80 characters."),
    ("time_zone", "", "A time zone is required, such as Europe/Berlin."),
    ("time_zone", "Europe/Berln", "There is no time zone 'Europe/Berln'"),
    ("time_zone", "../../etc/passwd", "There is no time zone"),
    ("days", [], "Choose at least one working day."),
    ("days", None, "Choose at least one working day."),
    ("days", ["8"], "Working days are 1 (Monday) to 7 (Sunday)."),
    ("day_start", "9 o'clock", "Write the time as HH:MM, for example 09:00."),
    ("day_start", "24:00", "Write the time as HH:MM, for example 09:00."),
    ("day_end", "", "Write the time as HH:MM, for example 09:00."),
    ("day_end", "09:00", "The working day must end after it starts."),
    ("day_end", "08:30", "The working day must end after it starts."),
    ("holidays", "2026-12-25\n25.12.2026", "Line 2: '25.12.2026' is not a date."),
    ("holidays", "2026-02-30", "Line 1: '2026-02-30' is not a date."),
    ("holidays", "20261225", "Line 1: '20261225' is not a date."),
    ("description", "x" * 2001, "Keep the description to 2,000 characters."),
]


def _history(schedule):
    return [e.action for e in audit.list_for(record_type="schedule", record_id=schedule.id)]


def test_create__stores_the_cleaned_schedule_and_audits_it(world):
    schedule = schedules.create(**GOOD, actor=world.pat)
    assert (schedule.name, schedule.time_zone, schedule.days, schedule.day_start,
            schedule.day_end, schedule.holidays) == (
        "Berlin office", "Europe/Berlin", "12345", time(9), time(17),
        ["2026-12-24", "2026-12-25"])
    (entry,) = audit.list_for(record_type="schedule", record_id=schedule.id)
    assert (entry.action, entry.actor, entry.after["days"], entry.after["day_start"]) == (
        "created", world.pat, "Mon–Fri", "09:00")


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_create__refuses_bad_input_naming_the_field_and_saves_nothing(world, field, value,
                                                                     message):
    with pytest.raises(ValidationFailed) as refused:
        schedules.create(**{**GOOD, field: value}, actor=world.pat)
    assert refused.value.fields[field].startswith(message)
    assert db.session.query(Schedule).count() == 0


def test_create__refuses_a_name_taken_in_any_case(world):
    schedules.create(**GOOD, actor=world.pat)
    with pytest.raises(ValidationFailed) as refused:
        schedules.create(**{**GOOD, "name": "BERLIN  OFFICE"}, actor=world.pat)
    assert refused.value.fields == {"name": "Another schedule already has this name."}


def test_update__changes_the_fields_given_and_audits_only_those(world):
    schedule = schedules.create(**GOOD, actor=world.pat)
    schedules.update(schedule=schedule, changes={"days": "123456", "day_end": "18:30"},
                     actor=world.admin)
    assert (schedule.days, schedule.day_end) == ("123456", time(18, 30))
    entry = audit.list_for(record_type="schedule", record_id=schedule.id)[0]
    assert (entry.action, entry.before, entry.after) == (
        "updated", {"days": "Mon–Fri", "day_end": "17:00"},
        {"days": "Mon–Sat", "day_end": "18:30"})


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_update__refuses_bad_input_and_changes_nothing(world, field, value, message):
    schedule = schedules.create(**GOOD, actor=world.pat)
    before = schedules.snapshot(schedule)
    with pytest.raises(ValidationFailed) as refused:
        schedules.update(schedule=schedule, changes={field: value}, actor=world.pat)
    assert refused.value.fields[field].startswith(message)
    db.session.expire_all()
    assert schedules.snapshot(db.session.get(Schedule, schedule.id)) == before
    assert _history(schedule) == ["created"]


def test_a_severity__counts_in_the_schedule_it_names_and_the_change_is_audited(world):
    schedule = schedules.create(**GOOD, actor=world.pat)
    high = service.get_by_name("High Severity")
    service.update(severity=high, changes={"schedule_id": str(schedule.id)}, actor=world.pat)
    assert high.schedule is schedule
    entry = audit.list_for(record_type="severity", record_id=high.id)[0]
    assert (entry.before, entry.after) == ({"schedule": "24×7"}, {"schedule": "Berlin office"})
    service.update(severity=high, changes={"schedule_id": ""}, actor=world.pat)
    assert high.schedule is None


@pytest.mark.parametrize("value", ["999999", "abc", "-1"])
def test_a_severity__refuses_a_schedule_that_does_not_exist(world, value):
    high = service.get_by_name("High Severity")
    with pytest.raises(ValidationFailed) as refused:
        service.update(severity=high, changes={"schedule_id": value}, actor=world.pat)
    assert "There is no such schedule" in refused.value.fields["schedule_id"]
    assert high.schedule is None


def test_delete__removes_an_unused_schedule_audited(world):
    schedule = schedules.create(**GOOD, actor=world.pat)
    schedule_id = schedule.id
    schedules.delete(schedule=schedule, actor=world.pat)
    assert db.session.get(Schedule, schedule_id) is None
    entry = audit.list_for(record_type="schedule", record_id=schedule_id)[0]
    assert (entry.action, entry.before["name"]) == ("deleted", "Berlin office")


def test_delete__refuses_a_schedule_a_severity_counts_in(world):
    schedule = schedules.create(**GOOD, actor=world.pat)
    high = service.get_by_name("High Severity")
    service.update(severity=high, changes={"schedule_id": schedule.id}, actor=world.pat)
    with pytest.raises(InvalidTransition, match="schedule of High Severity"):
        schedules.delete(schedule=schedule, actor=world.pat)
    assert db.session.get(Schedule, schedule.id) is schedule


def test_example_dues__say_when_each_severity_would_be_due_on_the_schedules_clock(world):
    schedule = schedules.create(**GOOD, actor=world.pat)
    friday = datetime(2026, 11, 27, 14, tzinfo=UTC)  # 15:00 in Berlin
    shown = [(s.name, due.strftime("%a %H:%M %Z"))
             for s, due in schedules.example_dues(schedule, now=friday)]
    assert shown == [("High Severity", "Mon 11:00 CET"), ("Medium Severity", "Mon 15:00 CET")]
