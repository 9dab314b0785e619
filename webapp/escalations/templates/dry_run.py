"""Dry run: a draft diagram run in memory against a case or an account; nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event

from webapp.accounts import service as accounts
from webapp.accounts.models import Account
from webapp.auth import service as users
from webapp.auth.models import Group, User
from webapp.cases import service as cases
from webapp.cases.models import Case
from webapp.common.records import get_by_id
from webapp.common.time import app_now
from webapp.errors import Busy, NotFound, ValidationFailed
from webapp.escalations import approvals, effects, lanes, variables
from webapp.escalations.contract import DE_ESCALATE, SLA_BREACHED
from webapp.escalations.process import engine
from webapp.escalations.process.runner import BUSY
from webapp.escalations.states import EscalationState
from webapp.escalations.templates.dry_run_draft import (
    DRY_RUN,
    DraftEscalation,
    DraftTarget,
    DraftTemplate,
)
from webapp.escalations.templates.dry_run_records import (
    COMPLETED,
    ERROR,
    WAITING,
    DryRun,
    EventSent,
    OperationCall,
    PathStep,
    RunStatus,
    TaskMet,
    Waiting,
)
from webapp.escalations.templates.models import EscalationTemplate, SourceType
from webapp.extensions import db
from webapp.severity import service as severities
from webapp.severity import sla as clock
from webapp.severity.models import Severity
from workflows import (
    CompleteTask,
    DeliverMessage,
    Event,
    FireTimers,
    InvalidDiagram,
    Option,
    Outcome,
    ReadyTask,
    Start,
    StatusKind,
    WorkflowError,
    load_spec,
)
from workflows.jail import EngineBusy, SpecSource

MAX_STEPS = 50
DECISIONS = tuple(approvals.DECISIONS)
SETTINGS = ("skip_approval", "add_group_manager")


class WriteAttempted(RuntimeError):
    """Something tried to write to the database during a dry run; it was rolled back."""


@dataclass
class _Run:
    source: SpecSource
    draft: DraftEscalation
    report: DryRun
    now: datetime
    decisions: list[str]
    de_escalate: bool
    pass_timers: bool
    breach_sla: bool = False
    state: str | None = None
    outcome: Outcome | None = None


def dry_run(*, xml: str, source: Case | Account,
            template: EscalationTemplate | DraftTemplate | None,
            severity: Severity, decisions: Sequence[str], requester: User,
            de_escalate: bool = True, pass_timers: bool = False, breach_sla: bool = False,
            assignment_group: Group | None = None, assigned_to: User | None = None,
            start: datetime | None = None) -> DryRun:
    """Run `xml` against `source` with these decisions, step by step in the jail, and report
    each step's effects as they would apply; nothing is stored. `breach_sla` lets the SLA
    pass once, when the process waits for it, before any de-escalation."""
    _check_decisions(decisions)
    source_type = SourceType.CASE if isinstance(source, Case) else SourceType.ACCOUNT
    if template is not None and template.type != source_type.value:
        raise ValidationFailed(f"{template.name} is a {template.type} template.",
                               fields={"template": f"Choose a {source_type.value} template."})
    try:
        load_spec(xml)
    except InvalidDiagram as error:
        return DryRun.invalid(error.problems)
    if isinstance(template, EscalationTemplate):
        template = DraftTemplate.of(template)
    settings = template or DraftTemplate(name="Draft", type=source_type.value)
    case = source if isinstance(source, Case) else None
    draft = DraftEscalation(
        source_type=source_type.value, case=case, account=case.account if case else source,
        severity=severity, template=settings, requested_by=requester,
        assignment_group=assignment_group, assigned_to=assigned_to,
        watch_list=list(settings.watch_list))
    run = _Run(source=engine.draft_source(xml), draft=draft,
               report=DryRun(status=RunStatus(WAITING)), now=start or app_now(),
               decisions=list(decisions), de_escalate=de_escalate, pass_timers=pass_timers,
               breach_sla=breach_sla)
    with read_only():
        run.report.status = _execute(run)
    run.report.final_state = run.draft.state
    return run.report


def _check_decisions(decisions: Sequence[str]) -> None:
    wrong = [d for d in decisions if d not in DECISIONS]
    if wrong:
        raise ValidationFailed("Decisions are approve or reject.", fields={
            "decisions": f"Each decision is approve or reject, not {', '.join(map(str, wrong))}."})


def _execute(run: _Run) -> RunStatus:
    try:
        _take(run, Start(variables.build(run.draft)))
        return _drive(run)
    except EngineBusy as error:
        raise Busy(BUSY) from error
    except WorkflowError as error:
        return RunStatus(ERROR, error.message, error.element_id, error.element_name)


def _take(run: _Run, event: Event) -> None:
    """One step in the jail, its effects checked against the draft; the draft and the report
    move on only when the whole step went through, as a stored escalation would."""
    try:
        outcome = engine.step(run.source, run.state, event, now=run.now, history=True,
                              counted=False)
    except WorkflowError as error:
        _record_path(run, getattr(error, "history", ()))
        raise
    target = DraftTarget(run.draft)
    try:
        effects.apply(outcome.effects, target)
    except effects.EffectFailed as error:
        _record_path(run, _before(outcome.history, error.element_id))
        raise
    _record_path(run, outcome.history)
    run.draft, run.state, run.outcome = target.draft, outcome.state, outcome
    run.report.operations += [OperationCall(e.operation, dict(e.args)) for e in outcome.effects]
    run.report.notifications += target.notifications


def _record_path(run: _Run, history) -> None:
    run.report.path = [PathStep(s.element_id, s.name, s.kind) for s in history]


def _before(history, element_id: str | None) -> tuple:
    """The history up to (not including) the last time it completed `element_id`."""
    ids = [step.element_id for step in history]
    if element_id not in ids:
        return tuple(history)
    return tuple(history[:len(ids) - 1 - ids[::-1].index(element_id)])


def _drive(run: _Run) -> RunStatus:
    for _ in range(MAX_STEPS):
        if run.outcome.status.kind is StatusKind.COMPLETED:
            return RunStatus(COMPLETED, "The process completed.")
        stop = _step(run)
        if stop:
            return RunStatus(WAITING, stop, waiting_for=_waiting_for(run.outcome))
    return RunStatus(WAITING, f"The dry run stopped after {MAX_STEPS} steps.",
                     waiting_for=_waiting_for(run.outcome))


def _step(run: _Run) -> str | None:
    """Take one step; None when the process moved on, else why the run stops here."""
    outcome = run.outcome
    timers = [e for e in outcome.waiting if e.kind == "timer"]
    if run.pass_timers and timers:
        due = max(timers[0].due or run.now, run.now)
        run.now = due
        run.report.events.append(EventSent("timer", timers[0].element_id, timers[0].name,
                                           due.isoformat()))
        _take(run, FireTimers())
        return None
    if outcome.tasks:
        return _decide(run, outcome.tasks[0])
    if run.breach_sla and _breach(run):
        return None
    message = next((e for e in outcome.waiting
                    if e.kind == "message" and e.name == DE_ESCALATE.name), None)
    if message is None or not run.de_escalate:
        return "The process waits; the dry run has nothing more to do."
    if run.draft.state != EscalationState.ESCALATED.value:
        return (f"The process waits for {DE_ESCALATE.name}, but an escalation that is "
                f"{run.draft.state.replace('_', ' ')} cannot be de-escalated.")
    run.report.events.append(EventSent("message", message.element_id, message.name,
                                       run.now.isoformat()))
    _take(run, DeliverMessage(DE_ESCALATE.name, {"justification": DRY_RUN,
                                                 "by": run.draft.requested_by.username}))
    return None


def _breach(run: _Run) -> bool:
    """Let the SLA pass (once) when the process waits for the breach; False when it does not."""
    waiting = next((e for e in run.outcome.waiting
                    if e.kind == "message" and e.name == SLA_BREACHED.name), None)
    if waiting is None:
        return False
    run.breach_sla = False
    severity = run.draft.severity
    run.now = max(run.now, clock.due_at(run.now, severity.response_time, severity.schedule))
    run.report.events.append(EventSent("message", waiting.element_id, waiting.name,
                                       run.now.isoformat()))
    _take(run, DeliverMessage(SLA_BREACHED.name, {
        "severity": severity.name, "sla_duration": severity.response_time,
        "due_at": run.now.isoformat()}))
    return True


def _decide(run: _Run, task: ReadyTask) -> str | None:
    people, groups = lanes.resolve_for(task.lane, lanes.parties(run.draft))
    met = TaskMet(task.element_id, task.name, task.lane, [p.username for p in people], groups,
                  [f.id for f in task.form])
    run.report.tasks.append(met)
    data = {f.id: f.default for f in task.form if f.default is not None}
    data.update({f.id: _sample(f.type, f.options) for f in task.form
                 if f.required and f.default is None})
    if any(f.id == "decision" for f in task.form):
        if not run.decisions:
            return f"{task.name or task.element_id} waits for a decision; none is left."
        met.decision = data["decision"] = run.decisions.pop(0)
        if met.decision == "reject":
            data["comment"] = DRY_RUN
    _take(run, CompleteTask(task.id, data))
    return None


def _sample(kind: str, options: tuple[Option, ...]) -> object:
    """A value for a required field without a default, so a field made required runs too."""
    if kind == "enum":
        return options[0].id if options else ""
    return {"long": 0, "boolean": False, "date": "2000-01-01"}.get(kind, DRY_RUN)


def _waiting_for(outcome: Outcome) -> list[Waiting]:
    found = [Waiting("task", t.element_id, t.name, t.lane) for t in outcome.tasks]
    for e in outcome.waiting:
        detail = e.due.isoformat() if e.due else e.name
        found.append(Waiting(e.kind, e.element_id, e.element_name, detail))
    return found


@contextmanager
def read_only() -> Iterator[None]:
    """Refuse any flush or commit in the block; anything left changed is rolled back, loudly."""
    session = db.session()
    before = set(session.new) | set(session.dirty) | set(session.deleted)

    def refuse(*_args) -> None:
        raise WriteAttempted("a dry run must not write to the database")

    event.listen(session, "before_flush", refuse)
    event.listen(session, "before_commit", refuse)
    try:
        with session.no_autoflush:
            yield
    finally:
        event.remove(session, "before_flush", refuse)
        event.remove(session, "before_commit", refuse)
        changed = (set(session.new) | set(session.dirty) | set(session.deleted)) - before
        if changed:
            session.rollback()
    if changed:
        raise WriteAttempted(f"a dry run changed {len(changed)} record(s); rolled back")

def run_request(*, body: object, requester: User) -> DryRun:
    """Check a dry-run request from the modeler page, find its records, and run it."""
    if not isinstance(body, dict):
        raise ValidationFailed("Send the dry run as a JSON object.")
    errors: dict[str, str] = {}
    xml = body.get("xml")
    if not isinstance(xml, str) or not xml.strip():
        errors["xml"] = "Send the diagram's XML."
    source = _source(body.get("source_type"), body.get("source"), errors)
    template = _settings(_template(body.get("template_id"), errors), body, errors)
    severity = _severity(body.get("severity"), errors)
    decisions = body.get("decisions", [])
    if not isinstance(decisions, list) or not all(isinstance(d, str) for d in decisions):
        errors["decisions"] = "Send a list of decisions, each approve or reject."
    flags = {name: body.get(name, default) for name, default in
             (("de_escalate", True), ("pass_timers", False), ("breach_sla", False))}
    errors.update({name: "Send true or false." for name, value in flags.items()
                   if not isinstance(value, bool)})
    group, assignee = _assignment(body, errors)
    if errors:
        raise ValidationFailed("The dry run did not start: fix the fields marked.", fields=errors)
    return dry_run(xml=xml, source=source, template=template, severity=severity,
                   decisions=decisions, requester=requester, assignment_group=group,
                   assigned_to=assignee, **flags)


def _source(kind: object, number: object, errors: dict[str, str]) -> Case | Account | None:
    finders = {SourceType.CASE.value: cases.get_by_number_or_raise,
               SourceType.ACCOUNT.value: accounts.get_by_number_or_raise}
    if kind not in finders:
        errors["source_type"] = "Choose case or account."
        return None
    try:
        return finders[kind](str(number or ""))
    except NotFound as error:
        errors["source"] = error.message
        return None


def _template(template_id: object, errors: dict[str, str]) -> EscalationTemplate | None:
    if template_id is None:
        return None
    found = get_by_id(EscalationTemplate, template_id)
    if found is None:
        errors["template_id"] = "There is no such template."
    return found


def _settings(template: EscalationTemplate | None, body: dict,
              errors: dict[str, str]) -> EscalationTemplate | DraftTemplate | None:
    """The template, with the settings the page changes but has not saved yet."""
    changes = {name: body[name] for name in SETTINGS if name in body}
    errors.update({name: "Send true or false." for name, value in changes.items()
                   if not isinstance(value, bool)})
    if template is None or not changes:
        return template
    return DraftTemplate.of(template, **changes)


def _severity(name: object, errors: dict[str, str]) -> Severity | None:
    if name is None:
        active = severities.list_active()
        if not active:
            errors["severity"] = "No severity is defined yet."
        return active[0] if active else None
    try:
        return severities.get_active_by_name_or_raise(str(name))
    except ValidationFailed as error:
        errors.update(error.fields)
        return None


def _assignment(body: dict, errors: dict[str, str]) -> tuple[Group | None, User | None]:
    group_name, username = body.get("assignment_group"), body.get("assigned_to")
    group = lanes.group_by_name(str(group_name)) if group_name else None
    user = users.get_by_username(str(username)) if username else None
    if group_name and group is None:
        errors["assignment_group"] = f"There is no group {group_name!r}."
    if username and user is None:
        errors["assigned_to"] = f"There is no user {username!r}."
    return group, user
