"""A whole escalation, told by e-mail through a real SMTP conversation: request, approve, a
severity change, an SLA breach, de-escalation and close deliver exactly DESIGN §9's messages to
exactly the right addresses, with links that open the record; while the server is away nothing
is lost, and when it is back each message arrives once."""

from datetime import timedelta
from urllib.parse import urlparse

from tests.escalation_world import case_in, request_form
from tests.smtp import free_port, smtp_config
from webapp.common.transactions import boundary
from webapp.escalations import manage, service
from webapp.escalations.manage import EscalationChanges
from webapp.escalations.process import breaches
from webapp.escalations.process.models import HumanTask
from webapp.escalations.tasks import service as tasks
from webapp.extensions import db
from webapp.notifications import mail
from webapp.notifications.models import Notification

# Who hears of what. alice requests (watched by erin, run by dave) on a Tier 1 case: the
# approval goes to the approval group (bob) and the case group's manager (carol); whoever acts
# is not told of their own action.
EXPECTED = {
    "approval_waiting": {"bob", "carol"},
    "escalated": {"alice", "erin", "dave"},       # requester, watch list, escalation manager
    "severity_changed": {"erin", "dave"},          # alice changed it herself
    "sla_breached": {"alice", "erin", "dave"},     # the worker marked it: everyone concerned
    "closed": {"erin", "dave"},                    # alice de-escalated it herself
}


def _journey(world) -> None:
    for name in ("alice", "bob", "carol", "dave", "erin"):
        world.users[name].email = f"{name}@example.com"
    with boundary():
        escalation = service.request_escalation(
            source=case_in(world), actor=world.alice,
            form=request_form(watch_list=["erin"], assignment_group="Escalation Management",
                              assigned_to="dave"))
    task = db.session.query(HumanTask).filter_by(state="open").one()
    with boundary():
        tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    world.clock.advance(minutes=30)
    with boundary():
        manage.update(escalation=escalation, actor=world.alice,
                      changes=EscalationChanges(severity="Medium Severity"))
    world.clock.advance(hours=8)  # Medium Severity's response time, counted from the change
    assert breaches.run_pass(now=world.clock.now) == 1
    with boundary():
        service.de_escalate(escalation=escalation, actor=world.alice,
                            justification="Customer confirmed the fix")
    db.session.refresh(escalation)
    assert escalation.state == "closed"


def test_a_whole_escalation__mails_exactly_the_right_people_once(app, world, smtp, as_user):
    _journey(world)
    port = free_port()
    config = smtp_config(app, port)
    queued = db.session.query(Notification).filter_by(email=True).count()
    away = mail.deliver_due(config=config, now=world.clock.now)  # nothing listens yet
    assert (away.sent, away.failed) == (0, queued)
    assert {n.attempts for n in db.session.query(Notification).all()} == {1}

    _, inbox = smtp(port)
    back = mail.deliver_due(config=config, now=world.clock.now + timedelta(minutes=1))
    assert (back.sent, back.failed) == (queued, 0)
    assert mail.deliver_due(config=config, now=world.clock.now + timedelta(hours=1)).sent == 0

    rows = {n.id: n for n in db.session.query(Notification).all()}
    got: dict[str, set[str]] = {}
    for recipients, message in inbox.messages:
        (address,) = recipients
        note = rows[int(message["Message-ID"].split("-")[1].split(".")[0])]
        assert address == f"{note.recipient.username}@example.com"
        assert " ".join(message["Subject"].split()) == " ".join(note.subject.split())
        got.setdefault(note.kind, set()).add(note.recipient.username)
        link = next(word for word in message.get_body(("plain",)).get_content().split()
                    if word.startswith("https://esc.example.com/"))
        opened = as_user(note.recipient.username).get(urlparse(link).path)
        assert opened.status_code == 302
        assert f"/{'tasks' if note.record_type == 'task' else 'escalations'}/" in opened.location
    assert got == EXPECTED
    assert len(inbox.messages) == sum(len(people) for people in EXPECTED.values())
