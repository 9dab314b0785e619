"""The audit log is append-only."""

import pytest

from tests.builders import make_case
from webapp.audit.models import AuditEntry, AuditLogIsAppendOnly
from webapp.extensions import db


def test_audit__creating_a_case_is_recorded():
    case = make_case(short_description="Logged")
    entry = db.session.query(AuditEntry).filter_by(record_type="case", record_id=case.id).one()
    assert (entry.action, entry.after["short_description"]) == ("created", "Logged")


def test_audit__entries_cannot_be_changed():
    make_case()
    entry = db.session.query(AuditEntry).filter_by(record_type="case").one()
    entry.action = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_audit__entries_cannot_be_deleted():
    make_case()
    db.session.delete(db.session.query(AuditEntry).filter_by(record_type="case").one())
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
