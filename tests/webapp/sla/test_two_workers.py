"""Two workers marking breaches at once: each escalation is marked, noted, told and (on the
Critical Case template) handed on exactly once."""

from collections import Counter
from datetime import timedelta

import pytest

from tests.threads import run_at_once
from tests.webapp.sla.helpers import escalated, history
from webapp.audit.models import AuditEntry
from webapp.common.transactions import boundary
from webapp.escalations.models import Escalation
from webapp.escalations.process import breaches
from webapp.extensions import db
from webapp.journal.models import JournalEntry
from webapp.notifications.models import Notification

pytestmark = pytest.mark.real_commits  # each worker has its own connection and transaction

BULK, WAITING = 30, 3


def test_two_workers__mark_each_breach_exactly_once(app, world):
    with boundary():
        ids = [escalated(world, watch_list=["bob"]).id for _ in range(BULK)]
        ids += [escalated(world, template="Critical Case Escalation").id
                for _ in range(WAITING)]
    now = world.clock.now + timedelta(hours=4)
    marked, refused = run_at_once(app, [lambda: breaches.run_pass(now=now, batch=4)] * 2)
    assert refused == [] and sum(marked) == BULK + WAITING, marked
    db.session.expire_all()
    assert all(db.session.get(Escalation, i).sla_breached_at == now for i in ids)
    per_escalation = Counter(e.record_id for e in db.session.query(AuditEntry).filter_by(
        action="sla_breached"))
    assert per_escalation == Counter(ids)
    notes = Counter(n.record_id for n in db.session.query(JournalEntry).filter(
        JournalEntry.record_type == "escalation", JournalEntry.text.like("SLA breached: High%")))
    assert notes == Counter(ids)
    told = Counter((n.record_id, n.recipient_id) for n in
                   db.session.query(Notification).filter_by(kind="sla_breached"))
    assert set(told.values()) == {1} and len(told) == 2 * BULK + 2 * WAITING
    handed_on = [len(history(db.session.get(Escalation, i), "assigned")) for i in ids[BULK:]]
    assert handed_on == [1] * WAITING
