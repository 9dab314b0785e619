"""Notifications go out by e-mail through a real SMTP conversation (aiosmtpd in this process):
retried while the server is away, never lost, each delivered once."""

from datetime import timedelta

import pytest

from tests.builders import make_user
from tests.escalation_world import case_in, request_form
from tests.smtp import free_port, smtp_config
from tests.workers import side_by_side
from webapp.common.time import utcnow
from webapp.common.transactions import boundary
from webapp.escalations import service
from webapp.extensions import db
from webapp.notifications import mail
from webapp.notifications.models import Notification


def _escalate(world) -> None:
    world.bob.email, world.carol.email = "bob@example.com", "carol@example.com"
    with boundary():
        service.request_escalation(source=case_in(world), form=request_form(),
                                   actor=world.alice)


def test_each_candidate_gets_one_mail_with_text_html_and_a_working_link(app, world, smtp,
                                                                         as_user):
    server, inbox = smtp()
    _escalate(world)
    done = mail.deliver_due(config=smtp_config(app, server.port), now=world.clock.now)
    assert (done.sent, done.failed) == (2, 0)
    assert sorted(to for to, _ in inbox.messages) == [["bob@example.com"],
                                                      ["carol@example.com"]]
    to, message = next(m for m in inbox.messages if m[0] == ["bob@example.com"])
    (note,) = db.session.query(Notification).filter_by(recipient=world.bob).all()
    assert message["Subject"] == note.subject
    assert message["Message-ID"].startswith(f"<notification-{note.id}.")
    url = f"https://esc.example.com/notifications/{note.id}"
    text = message.get_body(("plain",)).get_content()
    assert note.body in text and url in text
    assert f'href="{url}"' in message.get_body(("html",)).get_content()
    opened = as_user("bob").get(f"/notifications/{note.id}")
    assert opened.status_code == 302 and f"/tasks/{note.record_id}" in opened.location
    assert mail.deliver_due(config=smtp_config(app, server.port), now=world.clock.now).sent == 0


def test_an_escalations_mail__shows_its_severity_as_a_legible_coloured_label(app, world, smtp):
    server, inbox = smtp()
    _escalate(world)
    mail.deliver_due(config=smtp_config(app, server.port), now=world.clock.now)
    _, message = inbox.messages[0]
    html = message.get_body(("html",)).get_content()
    # High Severity's red with black text: white on it would be 3.96:1, below WCAG's 4.5:1
    assert ('background-color:#d9534f;color:#000000">High Severity</span>' in html)
    assert "Severity: High Severity" in message.get_body(("plain",)).get_content()


def test_mail_about_no_escalation__has_no_severity_label(app, world, smtp):
    server, inbox = smtp()
    world.pat.email = "pat@example.com"
    db.session.add(Notification(recipient=world.pat, subject="Template suspended", body="",
                                record_type="template", record_id=1))
    mail.deliver_due(config=smtp_config(app, server.port), now=world.clock.now)
    [(_, message)] = inbox.messages
    assert 'class="severity"' not in message.get_body(("html",)).get_content()
    assert "Severity:" not in message.get_body(("plain",)).get_content()


def test_server_away__nothing_is_lost_and_each_arrives_once_when_it_is_back(app, world, smtp):
    port = free_port()  # nothing listens there yet
    _escalate(world)
    now = world.clock.now
    done = mail.deliver_due(config=smtp_config(app, port), now=now)
    assert (done.sent, done.failed) == (0, 2)
    rows = db.session.query(Notification).all()
    assert {(r.attempts, r.sent_at) for r in rows} == {(1, None)}
    assert all("Connection" in r.last_error or "refused" in r.last_error for r in rows)
    assert mail.deliver_due(config=smtp_config(app, port), now=now).failed == 0  # backing off
    _, inbox = smtp(port)
    done = mail.deliver_due(config=smtp_config(app, port), now=now + timedelta(minutes=1))
    assert done.sent == 2 and len(inbox.messages) == 2
    assert mail.deliver_due(config=smtp_config(app, port), now=now + timedelta(hours=1)).sent == 0
    assert len(inbox.messages) == 2


def test_after_the_last_attempt__a_message_is_given_up_with_its_error(app, world):
    _escalate(world)
    config = smtp_config(app, free_port(), MAIL_MAX_ATTEMPTS=2)
    now = world.clock.now
    assert mail.deliver_due(config=config, now=now).failed == 2
    assert mail.deliver_due(config=config, now=now + timedelta(minutes=5)).given_up == 2
    rows = db.session.query(Notification).all()
    assert all(r.given_up_at is not None and r.attempts == 2 and r.last_error for r in rows)
    assert mail.deliver_due(config=config, now=now + timedelta(days=1)).given_up == 0


def test_without_a_mail_server__mail_stays_in_the_apps_mailbox(app, world):
    _escalate(world)
    done = mail.deliver_due(config={**app.config, "SMTP_HOST": ""}, now=world.clock.now)
    assert (done.kept, done.sent) == (2, 0)
    assert all(r.mailbox and r.sent_at for r in db.session.query(Notification))


@pytest.mark.real_commits  # two workers, each with its own connection and transactions
def test_two_workers__deliver_a_thousand_messages_each_exactly_once(app, smtp):
    # A thousand on PostgreSQL, where workers run side by side; on SQLite they take turns, and
    # two hundred show that as well.
    count = 1000 if db.engine.dialect.name == "postgresql" else 200
    server, inbox = smtp()
    person = make_user(username="reader", password="demo")
    person.email = "reader@example.com"
    db.session.add_all([Notification(recipient=person, subject=f"Message {n}", body="")
                        for n in range(count)])
    db.session.commit()
    config = smtp_config(app, server.port)
    sent = side_by_side(app, lambda: mail.deliver_due(config=config, now=utcnow(), limit=50).sent)
    assert sent == count
    subjects = [message["Subject"] for _, message in inbox.messages]
    assert len(subjects) == count and len(set(subjects)) == count
    assert db.session.query(Notification).filter(Notification.sent_at.is_(None)).count() == 0


def test_admins_read_the_mailbox_and_what_was_not_delivered(app, world, as_user):
    _escalate(world)
    now = world.clock.now
    mail.deliver_due(config=smtp_config(app, free_port(), MAIL_MAX_ATTEMPTS=1), now=now)
    _escalate(world)
    mail.deliver_due(config={**app.config, "SMTP_HOST": ""}, now=now)
    page = as_user("admin").get("/admin/mail")
    assert page.status_code == 200
    assert page.text.count("Given up") == 2 and "ConnectionRefusedError" in page.text
    assert page.text.count("A task waits for you") == 2  # the two kept in the mailbox
    assert as_user("pat").get("/admin/mail").status_code == 403
