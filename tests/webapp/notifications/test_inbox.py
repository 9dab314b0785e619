"""Notifications in the app: the bell's count, the list, marking read, the API."""

import pytest

from tests.escalation_world import escalate_case
from tests.webapp.escalations.api_helpers import basic
from webapp.common.transactions import boundary
from webapp.errors import NotFound
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.notifications import service as notifications
from webapp.notifications.models import Notification


def test_approval_waiting__reaches_each_candidate_linked_to_the_task(world):
    escalate_case(world)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    for person in (world.bob, world.carol):
        (note,) = notifications.list_for(person)
        assert (note.kind, note.record_type, note.record_id) == ("approval_waiting", "task",
                                                                 task.id)
        assert notifications.unread_count(person) == 1
    assert notifications.list_for(world.dave) == []


def test_bell__shows_the_unread_count_and_opening_one_lands_on_the_task(world, as_user):
    escalate_case(world)
    bob = as_user("bob")
    page = bob.get("/cases/").text
    assert 'id="unread-count">1<' in page
    listing = bob.get("/notifications/").text
    (note,) = notifications.list_for(world.bob)
    assert note.subject in listing and "bg-primary-subtle" in listing
    opened = bob.post(f"/notifications/{note.id}/read")
    task = db.session.query(HumanTask).filter_by(state="open").one()
    assert opened.status_code == 302 and opened.location.endswith(f"/tasks/{task.id}")
    db.session.expire_all()
    assert notifications.unread_count(world.bob) == 0
    assert 'id="unread-count"' not in bob.get("/cases/").text


def test_mark_all_read__reads_only_the_users_own(world, as_user):
    escalate_case(world)
    escalate_case(world)
    assert as_user("bob").post("/notifications/read-all").status_code == 302
    db.session.expire_all()
    assert notifications.unread_count(world.bob) == 0
    assert notifications.unread_count(world.carol) == 2


def test_someone_elses_notification__is_not_found_and_stays_unread(world, as_user):
    escalate_case(world)
    (carols,) = notifications.list_for(world.carol)
    assert as_user("bob").post(f"/notifications/{carols.id}/read").status_code == 404
    with pytest.raises(NotFound):
        notifications.mark_read(user=world.bob, notification_id=carols.id)
    db.session.expire_all()
    assert db.session.get(Notification, carols.id).read_at is None


def test_unread_filter_and_empty_list__say_so(world, as_user):
    bob = as_user("bob")
    assert "No notifications yet." in bob.get("/notifications/").text
    escalate_case(world)
    bob.post("/notifications/read-all")
    assert "No unread notifications." in bob.get("/notifications/?unread=1").text


def test_api__lists_and_marks_read(world, client):
    escalate_case(world)
    listed = client.get("/api/notifications?unread=true", headers=basic("bob")).get_json()
    assert [(n["kind"], n["record"]["type"], n["read_at"]) for n in listed] == [
        ("approval_waiting", "task", None)]
    read = client.post(f"/api/notifications/{listed[0]['id']}/read", headers=basic("bob"))
    assert read.status_code == 200 and read.get_json()["read_at"] is not None
    assert client.get("/api/notifications?unread=true", headers=basic("bob")).get_json() == []
    assert len(client.get("/api/notifications", headers=basic("bob")).get_json()) == 1
    other = client.post(f"/api/notifications/{listed[0]['id']}/read", headers=basic("carol"))
    assert other.status_code == 404


def test_an_escalation_notification__links_to_its_escalation(world, as_user):
    escalation = escalate_case(world)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    with boundary():
        tasks.complete(task_id=task.id, data={"decision": "reject", "comment": "Not yet"},
                       actor=world.bob)
    alice = as_user("alice")
    assert f"{escalation.number} declined: High Severity" in alice.get("/notifications/").text
    (note,) = notifications.list_for(world.alice)
    assert (note.kind, note.record_type) == ("declined", "escalation")
    opened = alice.post(f"/notifications/{note.id}/read")
    assert opened.location.endswith(f"/escalations/{escalation.number}")
