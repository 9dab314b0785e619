"""The dry run of each shipped template path shows the effects the real run applies, in order."""

import pytest

from tests.builders import make_account
from tests.escalation_world import case_in, request_form
from tests.webapp.dry_run.helpers import CRITICAL, STANDARD_ACCOUNT, STANDARD_CASE, run
from webapp.auth.models import User
from webapp.escalations import effects, service
from webapp.escalations.models import Escalation
from webapp.escalations.process import worker
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.tasks import service as tasks
from webapp.escalations.templates.dry_run_draft import DRY_RUN
from webapp.extensions import db

PATHS = [
    pytest.param(STANDARD_CASE, ["approve"], False, id="standard case approved and closed"),
    pytest.param(STANDARD_CASE, ["reject"], False, id="standard case declined"),
    pytest.param(STANDARD_ACCOUNT, ["approve"], False, id="standard account approved, closed"),
    pytest.param(STANDARD_ACCOUNT, ["reject"], False, id="standard account declined"),
    pytest.param(CRITICAL, ["approve", "approve"], False, id="critical, de-escalation approved"),
    pytest.param(CRITICAL, ["approve", "reject", "approve"], False,
                 id="critical, de-escalation rejected then approved"),
    pytest.param(CRITICAL, ["approve"], True, id="critical, level two after the timer"),
    pytest.param(CRITICAL, ["reject"], False, id="critical declined"),
]


@pytest.fixture
def applied(monkeypatch):
    """Every effect applied, as (operation, args), in the order applied."""
    seen: list[tuple[str, dict]] = []
    real = effects.apply

    def spy(recorded, target):
        recorded = list(recorded)
        real(recorded, target)
        seen.extend((e.operation, dict(e.args)) for e in recorded)

    monkeypatch.setattr(effects, "apply", spy)
    return seen


def _decider(task: HumanTask) -> User:
    return sorted(task.candidates, key=lambda u: u.username)[0]


def _walk(world, escalation: Escalation, decisions: list[str], *, pass_timers: bool,
          de_escalate: bool) -> None:
    """Drive the real escalation as the dry run drives its draft."""
    decisions = list(decisions)
    for _ in range(20):
        db.session.expire_all()
        instance = db.session.query(WorkflowInstance).one()
        task = db.session.query(HumanTask).filter_by(state="open").first()
        if pass_timers and instance.next_timer_due is not None:
            world.clock.now = max(world.clock.now, instance.next_timer_due)
            worker.run_pass(now=world.clock.now)
        elif task is not None and decisions:
            decision = decisions.pop(0)
            data = {"decision": decision, **({"comment": DRY_RUN} if decision == "reject" else {})}
            tasks.complete(task_id=task.id, data=data, actor=_decider(task))
        elif de_escalate and task is None and \
                db.session.get(Escalation, escalation.id).state == "escalated":
            service.de_escalate(escalation=db.session.get(Escalation, escalation.id),
                                justification=DRY_RUN, actor=world.alice)
        else:
            return


def _as_dry_run_sees_it(calls, escalation: Escalation):
    number = escalation.number
    return [(name, {k: v.replace(number, "DRY-RUN") if isinstance(v, str) else v
                    for k, v in args.items()}) for name, args in calls]


@pytest.mark.parametrize(("template", "decisions", "pass_timers"), PATHS)
def test_dry_run__shows_the_effects_of_the_real_run(world, applied, template, decisions,
                                                    pass_timers):
    account = make_account(name="Northwind", team=[world.alice])
    source = case_in(world, account=account) if template != STANDARD_ACCOUNT else account
    group = world.management if template == STANDARD_ACCOUNT else None
    dry = run(world, template, source, decisions, pass_timers=pass_timers,
              de_escalate=not pass_timers, assignment_group=group)
    expected = [(call.name, call.args) for call in dry.operations]
    applied.clear()

    escalation = service.request_escalation(
        source=source, actor=world.alice,
        form=request_form(template=template, justification=DRY_RUN, reason="lack_of_progress",
                          request_source="internal",
                          assignment_group=group.name if group else ""))
    _walk(world, escalation, decisions, pass_timers=pass_timers, de_escalate=not pass_timers)

    assert expected, "the dry run applied nothing"
    assert _as_dry_run_sees_it(applied, escalation) == expected
    assert db.session.get(Escalation, escalation.id).state == dry.final_state
