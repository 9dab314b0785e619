"""`flask --app webapp templates publish`."""

from pathlib import Path

from tests.builders import make_group, make_user
from webapp.escalations.templates.models import EscalationTemplate
from webapp.extensions import db

BPMN = Path(__file__).resolve().parents[2] / "bpmn"


def test_publish__creates_then_adds_a_version(app, tmp_path):
    make_group(name="Escalation Approvers", members=[make_user(username="bob")])
    runner = app.test_cli_runner()
    args = ["templates", "publish", str(BPMN / "standard_case_escalation.bpmn"),
            "--name", "Mine", "--type", "case", "--approval-group", "Escalation Approvers"]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "Published Mine version 1 (case)." in first.output
    assert "version 2" in runner.invoke(args=args).output
    template = db.session.query(EscalationTemplate).filter_by(name="Mine").one()
    assert [v.number for v in template.versions] == [1, 2]
    assert template.approval_group.name == "Escalation Approvers"


def test_publish__lists_every_problem_and_exits_1(app, tmp_path):
    broken = tmp_path / "broken.bpmn"
    text = (BPMN / "standard_case_escalation.bpmn").read_text()
    broken.write_text(text.replace("escalate()", "explode()", 1).replace(
        'name="Approvers"', 'name="Nobody Group"', 1))
    result = app.test_cli_runner().invoke(args=["templates", "publish", str(broken), "--name",
                                                "Broken", "--type", "case"])
    assert result.exit_code == 1
    assert "explode" in result.output and "Nobody Group" in result.output
    assert db.session.query(EscalationTemplate).count() == 0


def test_publish__unknown_group_is_refused(app):
    result = app.test_cli_runner().invoke(args=[
        "templates", "publish", str(BPMN / "standard_case_escalation.bpmn"), "--name", "X",
        "--type", "case", "--approval-group", "Ghosts"])
    assert result.exit_code != 0 and "There is no group 'Ghosts'." in result.output
