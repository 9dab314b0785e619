"""A process whose timers keep firing with nobody acting (a cycle, say) is stopped
once it passes TIMER_LOOP_LIMIT firings within an hour, with a message that says why; a person
acting starts the count again."""

from pathlib import Path

import pytest

from tests.escalation_world import case_in, request_form
from webapp.audit.models import AuditEntry
from webapp.escalations import service
from webapp.escalations.process.models import HumanTask, InstanceStatus, WorkflowInstance
from webapp.escalations.process.worker import run_pass
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates import service as templates
from webapp.escalations.templates.models import SourceType
from webapp.extensions import db
from webapp.journal.models import JournalEntry
from webapp.notifications.models import Notification

STANDARD = (Path(__file__).resolve().parents[3] / "bpmn" / "standard_case_escalation.bpmn"
            ).read_text()
# Every minute while the approval waits, a note: the loop the guard is for.
NUDGE = """
    <bpmn:boundaryEvent id="Event_Nudge" name="Every minute" cancelActivity="false"
                        attachedToRef="Task_ApproveEscalation">
      <bpmn:outgoing>Flow_Nudge</bpmn:outgoing>
      <bpmn:timerEventDefinition id="Timer_Nudge">
        <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/PT1M</bpmn:timeCycle>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:scriptTask id="Task_Nudge" name="Nudge" scriptFormat="python">
      <bpmn:incoming>Flow_Nudge</bpmn:incoming>
      <bpmn:outgoing>Flow_Nudged</bpmn:outgoing>
      <bpmn:script>add_work_note("Still waiting")</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="Event_Nudged"><bpmn:incoming>Flow_Nudged</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_Nudge" sourceRef="Event_Nudge" targetRef="Task_Nudge" />
    <bpmn:sequenceFlow id="Flow_Nudged" sourceRef="Task_Nudge" targetRef="Event_Nudged" />
  </bpmn:process>"""


@pytest.fixture
def looping(app, world):
    app.config["TIMER_LOOP_LIMIT"] = 3
    xml = STANDARD.replace("\n  </bpmn:process>", NUDGE, 1)
    assert 'xmlns:xsi=' in xml
    templates.publish(xml=xml, name="Nudging", source_type=SourceType.CASE,
                      approval_group=world.approvers)
    yield service.request_escalation(source=case_in(world), actor=world.alice,
                                     form=request_form(template="Nudging"))
    app.config["TIMER_LOOP_LIMIT"] = 60


def _notes(escalation, text):
    return db.session.query(JournalEntry).filter(
        JournalEntry.record_type == "escalation", JournalEntry.record_id == escalation.id,
        JournalEntry.text.contains(text)).count()


def _tick(world, times=1):
    for _ in range(times):
        world.clock.advance(seconds=61)
        run_pass(now=world.clock.now)


def test_loop__is_stopped_past_the_limit_with_a_message(world, looping):
    _tick(world, 3)
    assert _notes(looping, "Still waiting") == 3
    _tick(world)
    row = db.session.query(WorkflowInstance).filter_by(escalation_id=looping.id).one()
    db.session.refresh(row)
    assert row.status == InstanceStatus.ERROR.value
    assert "fired more than 3 times within an hour without anyone acting" in row.error_message
    assert _notes(looping, "Still waiting") == 3 and _notes(looping, "process was stopped") == 1
    assert db.session.query(AuditEntry).filter_by(action="timer_loop_stopped").count() == 1
    told = db.session.query(Notification).filter_by(kind="process_failed").all()
    assert sorted(n.recipient.username for n in told) == ["admin", "pat"]  # escalation admins
    _tick(world, 3)  # a stopped process fires nothing more
    assert _notes(looping, "Still waiting") == 3


def test_loop__a_person_acting_starts_the_count_again(world, looping):
    _tick(world, 3)
    task = db.session.query(HumanTask).filter_by(state="open").one()
    tasks.complete(task_id=task.id, data={"decision": "approve"}, actor=world.bob)
    row = db.session.query(WorkflowInstance).filter_by(escalation_id=looping.id).one()
    assert (row.timer_fires, row.status) == (0, InstanceStatus.WAITING.value)


def test_loop__counts_within_the_hour_only(world, looping):
    _tick(world, 3)
    world.clock.advance(hours=1)
    _tick(world)
    row = db.session.query(WorkflowInstance).filter_by(escalation_id=looping.id).one()
    db.session.refresh(row)
    assert (row.status, row.timer_fires) == (InstanceStatus.WAITING.value, 1)
