"""Moving running escalations of a template to one of its newer versions, where that is safe."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from webapp.auth.models import User
from webapp.common.transactions import boundary, conflicts
from webapp.errors import DomainError, InvalidTransition
from webapp.escalations import activity, queries
from webapp.escalations.models import Escalation
from webapp.escalations.process import engine, human_tasks, runner
from webapp.escalations.states import ACTIVE_STATES
from webapp.escalations.templates.models import EscalationTemplate, TemplateVersion
from webapp.extensions import db
from workflows import MoveTo, migration_blockers


@dataclass
class MoveReport:
    """Which escalations moved and which stayed, with the reasons."""

    moved: list[str] = field(default_factory=list)
    refused: list[tuple[str, list[str]]] = field(default_factory=list)


def running_on_older(template: EscalationTemplate, target: TemplateVersion) -> list[Escalation]:
    """Active escalations of the template on versions older than `target`."""
    older = [v.id for v in template.versions if v.number < target.number]
    query = (select(Escalation).where(Escalation.template_version_id.in_(older),
                                      Escalation.state.in_([s.value for s in ACTIVE_STATES]))
             .order_by(Escalation.id))
    return list(db.session.scalars(query))


def blockers(escalation: Escalation, target: TemplateVersion) -> list[str]:
    """Why this escalation cannot move to `target` (empty when it can)."""
    # A failed instance kept the state from before the failing step, so it can move too: that
    # is how a fixed version rescues it. Reading the state runs no script: no jail needed.
    row = queries.instance_of(escalation)
    instance = engine.read(row)
    return migration_blockers(instance, engine.spec_for(target))


def preview(template: EscalationTemplate, target: TemplateVersion) -> list[tuple[Escalation, list]]:
    """Each running escalation on an older version, with the reasons it cannot move."""
    return [(e, blockers(e, target)) for e in running_on_older(template, target)]


def move_running(*, template: EscalationTemplate, target: TemplateVersion,
                 actor: User) -> MoveReport:
    """Move every running escalation that can move. Like the worker's pass, a batch of
    independent actions: each move is a transaction of its own, and one that cannot move leaves
    the others moved."""
    report = MoveReport()
    for escalation_id, number in [(e.id, e.number) for e in running_on_older(template, target)]:
        reasons: list[str] = []
        try:
            with boundary():
                escalation = db.session.get(Escalation, escalation_id)
                reasons = blockers(escalation, target)
                if reasons:
                    raise InvalidTransition("; ".join(reasons))
                _move(escalation, db.session.get(TemplateVersion, target.id), actor)
        except DomainError as error:  # refused, or the engine busy: the others still move
            report.refused.append((number, reasons or [error.message]))
        else:
            report.moved.append(number)
    return report


def _move(escalation: Escalation, target: TemplateVersion, actor: User) -> None:
    row = runner.lock(escalation)
    before = escalation.template_version.number
    outcome = runner.advance(row=row, escalation=escalation, actor=actor,
                             event=MoveTo(target.spec_hash), target=engine.version_source(target))
    row.template_version = target
    escalation.template_version = target
    human_tasks.refresh(row, outcome.tasks, escalation)
    activity.audit_change(escalation, action="moved", actor=actor,
                          before={"version": before}, after={"version": target.number})
    activity.note(escalation, f"Moved from version {before} to version {target.number} of "
                  f"{escalation.template.name}.", author=actor)
    with conflicts("It changed while it was being moved; try again."):
        db.session.flush()
