"""`flask --app webapp seed-demo`."""

from sqlalchemy import func, select

from webapp.accounts.models import Account, Contact
from webapp.audit.models import AuditEntry
from webapp.auth.models import Group, User
from webapp.cases.models import Case
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import HumanTask
from webapp.escalations.templates.models import EscalationTemplate, TemplateVersion
from webapp.extensions import db
from webapp.journal.models import JournalEntry
from webapp.severity.models import Severity

COUNTED = (User, Group, Account, Contact, Case, JournalEntry, AuditEntry, Severity,
           EscalationTemplate, TemplateVersion, Escalation)


def _counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def test_seed_demo__loads_the_demo_people_and_records(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    counts = _counts()
    assert counts["Account"] >= 20 and counts["Case"] == 200 and counts["Contact"] > 20
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert {"admin", "pat", "alice", "carol", "bob", "dave", "erin", "frank"} <= set(users)
    assert users["alice"].has_role("agent") and not users["alice"].has_role("approver")
    assert users["frank"].roles == frozenset()
    assert users["bob"].check_password("demo")
    tier1 = db.session.scalar(select(Group).where(Group.name == "Tier 1 Support"))
    assert tier1.manager.username == "carol" and users["alice"] in tier1.members
    approvers = db.session.scalar(select(Group).where(Group.name == "Escalation Approvers"))
    assert users["bob"] in approvers.members
    in_tier1 = db.session.scalar(select(func.count()).where(Case.assignment_group_id == tier1.id))
    assert in_tier1 > 100
    assert "alice" in result.output and "password 'demo'" in result.output
    severities = {s.name: s for s in db.session.scalars(select(Severity))}
    assert severities["High Severity"].color == "#d9534f"
    assert severities["Medium Severity"].response_time == "PT8H"
    templates = {t.name: t for t in db.session.scalars(select(EscalationTemplate))}
    assert set(templates) == {"Standard Case Escalation", "Standard Account Escalation",
                              "Critical Case Escalation"}
    assert templates["Standard Case Escalation"].is_default
    assert templates["Standard Case Escalation"].approval_group == approvers


def test_seed_demo__escalations_over_the_last_weeks_run_by_their_processes(app):
    app.test_cli_runner().invoke(args=["seed-demo"])
    escalations = list(db.session.scalars(select(Escalation)))
    states = {e.state for e in escalations}
    assert {"requested", "escalated", "closed", "declined"} <= states
    assert {e.source_type for e in escalations} == {"case", "account"}
    newest = max(e.opened_at for e in escalations)
    weeks = {(newest - e.opened_at).days // 7 for e in escalations}
    assert set(range(12)) <= weeks
    for e in escalations:
        assert e.escalated_at is None or e.opened_at < e.escalated_at
        assert e.closed_at is None or (e.escalated_at or e.opened_at) < e.closed_at
        assert e.case is None or e.case.opened_at < e.opened_at
    waiting = db.session.scalars(select(HumanTask).where(HumanTask.state == "open")).all()
    assert len(waiting) >= 4 and all(task.candidates for task in waiting)
    ages = sorted(newest - task.created_at for task in waiting)
    assert ages[0].total_seconds() < 3600 < 86400 < ages[-1].total_seconds()


def test_seed_demo__run_twice_changes_nothing(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    before = _counts()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert _counts() == before


def test_seed_demo__if_empty_leaves_an_existing_database_alone(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    escalated = select(Escalation.case_id).where(Escalation.case_id.is_not(None))
    newest = select(Case.id).where(Case.id.not_in(escalated)).order_by(Case.id.desc()).limit(50)
    db.session.execute(db.delete(Case).where(Case.id.in_(newest.scalar_subquery())))
    db.session.commit()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has data" in result.output
    assert _counts()["Case"] == 150


def test_seed_demo__refused_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "ENVIRONMENT", "production")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "refused" in result.output
    assert _counts()["User"] == 0
