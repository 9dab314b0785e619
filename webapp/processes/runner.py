"""Running an escalation's process one user action at a time, inside the action's transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from webapp.auth.models import User
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.escalations.models import Escalation
from webapp.escalations.operations import Step, bind
from webapp.extensions import db
from webapp.processes import library, tasks
from webapp.processes.models import InstanceStatus, WorkflowInstance
from workflows import (
    SERIALIZER_VERSION,
    Instance,
    InvalidFormData,
    TaskNotReady,
    UnknownMessage,
    WorkflowError,
)


class ProcessFailed(InvalidTransition):
    """The template's process failed on an element; nothing the step did was kept."""


def _failure_message(error: WorkflowError, *, at_start: bool = False) -> str:
    where = error.element_name or error.element_id or "the process"
    after = ("the escalation was not requested; tell a process admin, the template needs fixing."
             if at_start else
             "nothing was changed; a process admin can see the failure on the escalation.")
    return f"The escalation process stopped at {where}: {error.message.rstrip('.')}. " + \
        after[0].upper() + after[1:]


def start(*, escalation: Escalation, variables: dict[str, Any],
          actor: User | None) -> WorkflowInstance:
    """Start the escalation's process; a failure refuses the whole request."""
    version = escalation.template_version
    step = Step(escalation=escalation, actor=actor, now=library.now())
    try:
        instance = Instance.start(library.spec_for(version), variables=variables,
                                  operations=bind(step), clock=library.now)
    except WorkflowError as error:
        db.session.rollback()
        raise ProcessFailed(_failure_message(error, at_start=True)) from error
    row = WorkflowInstance(escalation_id=escalation.id, template_version=version, state="",
                           serializer_version=SERIALIZER_VERSION)
    db.session.add(row)
    save(row, instance, escalation)
    return row


def lock(escalation: Escalation) -> WorkflowInstance:
    """The escalation's instance row, locked for this transaction where the database can."""
    query = (select(WorkflowInstance).where(WorkflowInstance.escalation_id == escalation.id)
             .with_for_update().execution_options(populate_existing=True))
    return db.session.scalars(query).one()


def advance(*, row: WorkflowInstance, escalation: Escalation, actor: User | None,
            action: Callable[[Instance], None], decider: User | None = None) -> Instance:
    """Restore the instance and apply `action`; a failure rolls back and marks it failed."""
    step = Step(escalation=escalation, actor=actor, now=library.now(), decider=decider)
    instance = Instance.restore(library.spec_for(row.template_version), row.state,
                                operations=bind(step), clock=library.now)
    try:
        # No autoflush while scripts run: a lost race surfaces at the flush below, as a
        # conflict, and never as a failure of the template's process.
        with db.session.no_autoflush:
            action(instance)
    except InvalidFormData as error:
        db.session.rollback()
        raise ValidationFailed("The form has errors.", fields=dict(error.errors)) from error
    except (TaskNotReady, UnknownMessage) as error:
        db.session.rollback()
        raise InvalidTransition(str(error.message)) from error
    except WorkflowError as error:
        cause = _database_error(error)
        if cause is not None:
            db.session.rollback()
            raise cause from error
        _mark_failed(row.id, error)
        raise ProcessFailed(_failure_message(error)) from error
    save(row, instance, escalation)
    return instance


def _database_error(error: BaseException) -> SQLAlchemyError | None:
    """The database error behind a step's failure, if any: that is not the template's fault."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, SQLAlchemyError):
            return error
        error = getattr(error, "original", None) or error.__cause__ or error.__context__
    return None


def save(row: WorkflowInstance, instance: Instance, escalation: Escalation) -> None:
    """Store the instance state, status and next due time, and sync its human tasks."""
    status = instance.status
    row.state = instance.serialize()
    row.serializer_version = SERIALIZER_VERSION
    row.status = status.kind.value
    row.error_element = status.element_id or ""
    row.error_message = status.message or ""
    row.next_timer_due = instance.next_timer_due
    db.session.flush()
    tasks.sync(row, instance, escalation, now=library.now())
    db.session.flush()


def _mark_failed(row_id: int, error: WorkflowError) -> None:
    # Everything the step did is undone; only the failure itself is kept, for the admins.
    db.session.rollback()
    row = db.session.get(WorkflowInstance, row_id)
    row.status = InstanceStatus.ERROR.value
    row.error_element = error.element_id or ""
    row.error_message = error.message
    db.session.commit()
