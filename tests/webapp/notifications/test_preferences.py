"""E-mail preferences: one switch per kind of notification; a kind switched off is not e-mailed,
and its in-app copy stays."""

import pytest
import sqlalchemy as sa
from markupsafe import escape

from tests.escalation_world import escalate_case
from tests.smtp import smtp_config
from tests.webapp.escalations.api_helpers import basic
from webapp.common.transactions import boundary
from webapp.errors import ValidationFailed
from webapp.extensions import db
from webapp.notifications import mail
from webapp.notifications import service as notifications
from webapp.notifications.kinds import ADMINS, KINDS, TASKS
from webapp.notifications.models import Notification, NotificationPreference


def _email(user) -> dict[str, bool]:
    return {kind.name: on for kind, on in notifications.preferences(user)}


def test_preferences__every_kind_is_e_mailed_until_turned_off(world):
    assert _email(world.bob) == {kind.name: True for kind in KINDS}
    with boundary():
        notifications.set_preferences(user=world.bob, email={"approval_waiting": False})
    assert _email(world.bob)["approval_waiting"] is False
    assert _email(world.carol)["approval_waiting"] is True
    with boundary():
        notifications.set_preferences(user=world.bob, email={"approval_waiting": True})
    assert _email(world.bob) == {kind.name: True for kind in KINDS}


@pytest.mark.parametrize("email, field", [
    ({"no_such_kind": False}, "no_such_kind"),
    ({"escalated": "no"}, "escalated"),
    ({"escalated": 0}, "escalated"),
    ({"closed": False, "escalated": None}, "escalated"),
])
def test_set_preferences__refuses_bad_input_and_changes_nothing(world, email, field):
    with pytest.raises(ValidationFailed) as error:
        notifications.set_preferences(user=world.bob, email=email)
    assert field in error.value.fields
    assert db.session.query(NotificationPreference).count() == 0


def test_queue__marks_the_rows_of_those_who_turned_the_kind_off_in_one_query(world):
    with boundary():
        notifications.set_preferences(user=world.bob, email={"approval_waiting": False})
    asked = []

    def count(conn, cursor, statement, *args):
        if "notification_preference" in statement:
            asked.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        escalate_case(world)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(asked) == 1
    rows = {n.recipient.username: n.email for n in db.session.query(Notification)}
    assert rows == {"bob": False, "carol": True}
    assert notifications.unread_count(world.bob) == 1  # the in-app copy stays


def test_mail_worker__never_sends_a_kind_the_recipient_turned_off(app, world, smtp):
    server, inbox = smtp()
    world.bob.email, world.carol.email = "bob@example.com", "carol@example.com"
    with boundary():
        notifications.set_preferences(user=world.bob, email={"approval_waiting": False})
    escalate_case(world)
    done = mail.deliver_due(config=smtp_config(app, server.port), now=world.clock.now)
    assert (done.sent, done.kept, done.failed) == (1, 0, 0)
    assert [to for to, _ in inbox.messages] == [["carol@example.com"]]
    (bobs,) = db.session.query(Notification).filter_by(recipient=world.bob).all()
    assert (bobs.sent_at, bobs.attempts, bobs.mailbox) == (None, 0, False)
    assert mail.claim(now=world.clock.now) == []
    assert mail.deliver_due(config={**app.config, "SMTP_HOST": ""},
                            now=world.clock.now).kept == 0  # nor kept in the mailbox


def test_page__shows_each_kind_with_who_gets_it_and_saves_the_switches(world, as_user):
    bob = as_user("bob")
    page = bob.get("/notifications/preferences").text
    for kind in KINDS:
        shown = str(escape(kind.label)) in page and f'name="{kind.name}" value="on" checked' in page
        assert shown == (kind.topic != ADMINS), kind.name
    assert "Watch list, escalation manager" in page and TASKS in page
    saved = bob.post("/notifications/preferences", data={"reminder": "off",
                                                         "escalated": ["off", "on"]})
    assert saved.status_code == 302 and saved.location.endswith("/notifications/preferences")
    page = bob.get("/notifications/preferences").text
    assert 'name="reminder" value="on" >' in page
    assert 'name="escalated" value="on" checked' in page
    assert _email(world.bob) == {kind.name: kind.name != "reminder" for kind in KINDS}
    assert _email(world.carol)["reminder"] is True


def test_page__shows_escalation_admins_their_own_kinds(world, as_user):
    page = as_user("pat").get("/notifications/preferences").text
    assert ADMINS in page and 'name="process_failed" value="on" checked' in page


def test_page__answers_the_script_with_json(world, as_user):
    saved = as_user("carol").post("/notifications/preferences",
                                  data={"closed": "off", "declined": ["off", "on"]},
                                  headers={"Accept": "application/json"})
    assert saved.status_code == 200
    assert saved.get_json()["email"] == {kind.name: kind.name != "closed" for kind in KINDS}


def test_page__ignores_what_is_no_kind(world, as_user):
    saved = as_user("carol").post("/notifications/preferences", data={"nonsense": "off"})
    assert saved.status_code == 302
    assert db.session.query(NotificationPreference).count() == 0


def test_page__is_linked_from_the_notifications_page_and_the_user_menu(world, as_user):
    page = as_user("frank").get("/notifications/").text
    assert page.count('href="/notifications/preferences"') == 2


def test_page__needs_a_login(client, world):
    assert client.get("/notifications/preferences").status_code == 302
    assert client.post("/notifications/preferences", data={}).status_code == 302
    assert db.session.query(NotificationPreference).count() == 0


def test_api__reads_and_changes_the_callers_own_preferences(world, client):
    listed = client.get("/api/notifications/preferences", headers=basic("bob")).get_json()
    assert [row["kind"] for row in listed] == [kind.name for kind in KINDS]
    assert all(row["email"] and row["label"] and row["who"] for row in listed)
    changed = client.put("/api/notifications/preferences", json={"escalated": False},
                         headers=basic("bob"))
    assert changed.status_code == 200
    assert {r["kind"]: r["email"] for r in changed.get_json()}["escalated"] is False
    assert _email(world.bob)["escalated"] is False and _email(world.carol)["escalated"] is True


@pytest.mark.parametrize("body, status", [
    ({"escalated": "off"}, 400), ({"bogus": True}, 400), (["escalated"], 400), (None, 400),
])
def test_api__refuses_bad_input_and_changes_nothing(world, client, body, status):
    answer = client.put("/api/notifications/preferences", json=body, headers=basic("bob"))
    assert answer.status_code == status and answer.get_json()["error"]
    assert db.session.query(NotificationPreference).count() == 0


def test_api__needs_credentials(world, client):
    assert client.get("/api/notifications/preferences").status_code == 401
    assert client.put("/api/notifications/preferences", json={}).status_code == 401
