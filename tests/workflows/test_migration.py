"""Moving running instances to a new version of their diagram."""

from pathlib import Path

import pytest

from workflows import Instance, MigrationRefused, load_spec, migrate, migration_blockers

STANDARD = (Path(__file__).resolve().parents[2] / "bpmn" / "standard_case_escalation.bpmn"
            ).read_text()
VARIABLES = {"escalation": {"number": "ESC1", "severity": "High Severity"},
             "case": {"number": "CS1"}, "account": {"number": "ACC1"},
             "template": {"name": "T"}, "sla_duration": "PT4H", "approval_required": True}
NEW_FORM = STANDARD.replace(
    '<camunda:formField id="comment"',
    '<camunda:formField id="impact" label="Customer impact" type="string" />\n'
    '          <camunda:formField id="comment"', 1)


def _calls():
    calls = []
    names = ("escalate", "decline", "close", "notify", "add_work_note", "set_severity",
             "request_de_escalation", "reject_de_escalation")
    return calls, {n: (lambda *a, _n=n: calls.append(_n)) for n in names}


def _restored(instance, spec, operations):
    return Instance.restore(spec, instance.serialize(), operations=operations)


def test_migrate__a_waiting_approval_gets_the_new_form_and_runs_on():
    calls, operations = _calls()
    old, new = load_spec(STANDARD), load_spec(NEW_FORM)
    instance = Instance.start(old, variables=VARIABLES, operations=operations)
    assert migration_blockers(instance, new) == []
    moved = _restored(migrate(instance, new), new, operations)
    (task,) = moved.ready_tasks()
    assert [f.id for f in task.form] == ["decision", "impact", "comment"]
    moved.complete_task(task.id, {"decision": "approve", "impact": "Orders stuck"})
    assert "escalate" in calls
    assert [e.name for e in moved.waiting_events()] == ["de-escalate"]


def test_migrate__refused_when_a_completed_step_changed():
    _, operations = _calls()
    changed_gateway = STANDARD.replace('name="Approval needed?"', 'name="Needs approval?"', 1)
    instance = Instance.start(load_spec(STANDARD), variables=VARIABLES, operations=operations)
    new = load_spec(changed_gateway)
    reasons = migration_blockers(instance, new)
    assert reasons == ["the completed step 'Approval needed?' changed in the new version"]
    with pytest.raises(MigrationRefused, match="Approval needed"):
        migrate(instance, new)
    assert instance.spec.hash != new.hash


def test_migrate__refused_when_a_completed_step_was_replaced():
    _, operations = _calls()
    instance = Instance.start(load_spec(STANDARD), variables=VARIABLES, operations=operations)
    (task,) = instance.ready_tasks()
    instance.complete_task(task.id, {"decision": "approve"})
    renamed = STANDARD.replace("Task_Escalate", "Task_MarkEscalated")
    reasons = migration_blockers(instance, load_spec(renamed))
    assert any("'Escalate'" in reason for reason in reasons), reasons
