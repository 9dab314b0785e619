"""Running an escalation's process one step at a time: the step runs in the jail, its effects are
applied here, inside the action's transaction, and the new state is saved with them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from sqlalchemy import select

from webapp.auth.models import User
from webapp.common.time import app_now
from webapp.errors import Busy, InvalidTransition, ValidationFailed
from webapp.escalations import effects, notices
from webapp.escalations.models import Escalation
from webapp.escalations.process import engine, human_tasks
from webapp.escalations.process.models import InstanceStatus, WorkflowInstance
from webapp.escalations.templates import suspension
from webapp.escalations.templates.models import TemplateVersion
from webapp.extensions import db
from workflows import (
    SERIALIZER_VERSION,
    Event,
    InvalidFormData,
    MoveTo,
    Outcome,
    Start,
    TaskNotReady,
    UnknownMessage,
    WorkflowError,
)
from workflows.jail import EngineBusy, SpecSource, StepKilled

BUSY = "The escalation engine is busy right now; nothing was changed. Try again in a moment."
CRASHED = ("The escalation engine stopped while it ran this step; nothing was changed. Try "
           "again in a moment.")
WAITING_FOR_LENGTH = WorkflowInstance.waiting_for.type.length


class ProcessFailed(InvalidTransition):
    """The template's process failed on an element; nothing the step did is kept. `remember`
    writes the failure itself, after the action's rollback (see transactions.boundary)."""

    def __init__(self, message: str, *, remember: Callable[[], None]) -> None:
        super().__init__(message)
        self.remember = remember


def _failure_message(error: WorkflowError, *, at_start: bool = False) -> str:
    where = error.element_name or error.element_id or "the process"
    after = ("the escalation was not requested; tell a process admin, the template needs fixing."
             if at_start else
             "nothing was changed; a process admin can see the failure on the escalation.")
    return f"The escalation process stopped at {where}: {error.message.rstrip('.')}. " + \
        after[0].upper() + after[1:]


def start(*, escalation: Escalation, variables: dict, actor: User | None) -> WorkflowInstance:
    """Start the escalation's process and apply what it did; a failure refuses the request."""
    version = escalation.template_version
    now = app_now()
    suspension.ensure_runnable(version, now=now)
    try:
        outcome = _step_and_apply(engine.version_source(version), None, Start(variables), now,
                                  effects.StoredEscalation(escalation, actor, now))
    except WorkflowError as error:
        raise ProcessFailed(_failure_message(error, at_start=True), remember=partial(
            _record_failure, error, version_id=version.id, row_id=None, seen_version=None,
            now=now)) from error
    row = WorkflowInstance(escalation_id=escalation.id, template_version=version, state="",
                           serializer_version=SERIALIZER_VERSION)
    db.session.add(row)
    save(row, outcome, escalation, now=now)
    return row


def lock(escalation: Escalation) -> WorkflowInstance:
    """The escalation's instance row, locked for this transaction where the database can."""
    query = (select(WorkflowInstance).where(WorkflowInstance.escalation_id == escalation.id)
             .with_for_update().execution_options(populate_existing=True))
    return db.session.scalars(query).one()


def advance(*, row: WorkflowInstance, escalation: Escalation, event: Event, actor: User | None,
            decider: User | None = None, target: SpecSource | None = None,
            now: datetime | None = None) -> Outcome:
    """Run one step of the stored instance at `now` (default: the engine clock) and apply its
    effects; a failure of the template's process rolls everything back and marks the instance
    failed."""
    now = now or app_now()
    source = engine.version_source(row.template_version)
    try:
        outcome = _step_and_apply(source, row.state, event, now,
                                  effects.StoredEscalation(escalation, actor, now, decider),
                                  target=target)
    except InvalidFormData as error:
        raise ValidationFailed("The form has errors.", fields=dict(error.errors)) from error
    except (TaskNotReady, UnknownMessage) as error:
        raise InvalidTransition(str(error.message)) from error
    except WorkflowError as error:
        if isinstance(event, MoveTo):
            # A move that cannot finish leaves the instance on its version, as it was.
            raise InvalidTransition(error.message) from error
        raise ProcessFailed(_failure_message(error), remember=partial(
            _record_failure, error, version_id=row.template_version_id, row_id=row.id,
            seen_version=row.lock_version, now=now)) from error
    if actor is not None:
        row.timer_fires, row.timer_fires_since = 0, None  # a person acted: no loop
    save(row, outcome, escalation, now=now)
    return outcome


def _step_and_apply(source: SpecSource, state: str | None, event: Event, now: datetime,
                    stored: effects.StoredEscalation,
                    target: SpecSource | None = None) -> Outcome:
    outcome = _step(source, state, event, now, target=target)
    # No autoflush while effects apply: a lost race surfaces at the flush in save(), as a
    # conflict, and never as a failure of the template's process.
    with db.session.no_autoflush:
        effects.apply(outcome.effects, stored)
    return outcome


def _step(source: SpecSource, state: str | None, event: Event, now: datetime,
          target: SpecSource | None = None) -> Outcome:
    try:
        return engine.step(source, state, event, now=now, target=target)
    except EngineBusy as error:
        raise Busy(BUSY) from error
    except StepKilled as error:
        if error.limit != "crash":
            raise
        # Killed from outside (not at one of its limits): not the template's fault.
        raise Busy(CRASHED) from error


def save(row: WorkflowInstance, outcome: Outcome, escalation: Escalation, *,
         now: datetime) -> None:
    """Store the instance state, status and next due time, and sync its human tasks."""
    status = outcome.status
    row.state = outcome.state
    row.serializer_version = SERIALIZER_VERSION
    row.status = status.kind.value
    row.error_element = status.element_id or ""
    row.error_message = status.message or ""
    row.next_timer_due = outcome.next_timer_due
    row.waiting_for = waiting_for(outcome)
    db.session.flush()
    human_tasks.sync(row, outcome.tasks, escalation, now=now)
    db.session.flush()


def waiting_for(outcome: Outcome) -> str:
    """The names of the messages the outcome waits for, comma-separated, as the instance row
    keeps them (what does not fit its column is left out: a process waits for a few)."""
    names, kept = sorted({e.name for e in outcome.waiting if e.kind == "message"}), []
    for name in names:
        if len(",".join([*kept, name])) <= WAITING_FOR_LENGTH:
            kept.append(name)
    return ",".join(kept)


def _record_failure(error: WorkflowError, *, version_id: int, row_id: int | None,
                    seen_version: int | None, now: datetime) -> None:
    # Run after the action's rollback: only the failure itself is kept, for the admins: the
    # instance marked failed, and a step the jail stopped counted against its template. The
    # rollback let go of the row's lock: if someone moved the instance on meanwhile, their
    # step stands and this failure no longer describes it. The escalation admins are told
    # of a failure that stands.
    row = None if row_id is None else db.session.scalars(
        select(WorkflowInstance).where(WorkflowInstance.id == row_id).with_for_update()
        .execution_options(populate_existing=True)).one()
    version = db.session.get(TemplateVersion, version_id)
    if row is None or row.lock_version == seen_version:
        if row is not None:
            row.status = InstanceStatus.ERROR.value
            row.error_element = error.element_id or ""
            row.error_message = error.message
        notices.process_failed(
            where=error.element_name or error.element_id or "the process", message=error.message,
            escalation=None if row is None else db.session.get(Escalation, row.escalation_id),
            template=version.template)
    if isinstance(error, StepKilled):
        suspension.record_kill(version=version, error=error, now=now)
