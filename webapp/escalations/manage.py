"""Managing an escalation: severity, trend, watch list, notes, related cases."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.auth import service as users
from webapp.auth.models import User
from webapp.cases import service as cases
from webapp.common.time import app_now
from webapp.common.transactions import conflicts, flush
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.escalations import activity, notices, policy, sla
from webapp.escalations.contract import SEVERITY_CHANGED
from webapp.escalations.models import Escalation, RelatedCase
from webapp.escalations.process import runner
from webapp.escalations.states import Trend
from webapp.extensions import db
from webapp.journal import service as journal
from webapp.journal.models import EntryKind
from webapp.severity import service as severities
from workflows import DeliverMessage


@dataclass
class EscalationChanges:
    """What an edit of the escalation form (or a PATCH) may change; None leaves a field alone."""

    severity: str | None = None
    trend: str | None = None
    watch_list: list[str] | None = None
    work_note: str | None = None
    comment: str | None = None


def _ensure_open(escalation: Escalation) -> None:
    if not escalation.is_active:
        raise InvalidTransition(f"{escalation.number} is {escalation.state}; it cannot change.")


def _validated(changes: EscalationChanges, escalation: Escalation) -> dict:
    errors: dict[str, str] = {}
    clean: dict = {}
    if changes.severity is not None:
        try:
            clean["severity"] = severities.get_active_by_name_or_raise(changes.severity)
        except ValidationFailed as error:
            errors.update(error.fields)
    if changes.trend is not None:
        if changes.trend not in {t.value for t in Trend}:
            errors["trend"] = "Choose improving, same or declining."
        clean["trend"] = changes.trend
    if changes.watch_list is not None:
        found, unknown = users.find_users(changes.watch_list)
        if unknown:
            errors["watch_list"] = "Unknown users: " + ", ".join(unknown) + "."
        clean["watch_list"] = [u for u in found if u.active or u in escalation.watch_list]
    for name in ("work_note", "comment"):
        value = getattr(changes, name)
        if value is not None:
            try:
                clean[name] = journal.validate_text(value)
            except ValidationFailed as error:
                errors[name] = error.fields["text"]
    if errors:
        raise ValidationFailed("The escalation was not saved: fix the fields marked.",
                               fields=errors)
    return clean


def update(*, escalation: Escalation, changes: EscalationChanges, actor: User) -> Escalation:
    """Apply an edit in one transaction; severity changes reach the process when it listens."""
    policy.ensure(policy.may_manage(actor, escalation), "manage this escalation")
    if changes.severity == escalation.severity.name:
        changes.severity = None  # unchanged, even if that severity is no longer active
    clean = _validated(changes, escalation)
    row = runner.lock(escalation)
    _ensure_open(escalation)
    with conflicts():
        _apply(escalation, row, clean, actor)
        db.session.flush()
    return escalation


def _apply(escalation: Escalation, row, clean: dict, actor: User) -> None:
    if "severity" in clean and clean["severity"].id != escalation.severity_id:
        _change_severity(escalation, row, clean["severity"], actor)
    if "trend" in clean and clean["trend"] != escalation.trend:
        before, escalation.trend = escalation.trend, clean["trend"]
        activity.audit_change(escalation, action="trend", actor=actor,
                              before={"trend": before}, after={"trend": escalation.trend})
        activity.note(escalation, f"Trend changed from {before} to {escalation.trend}.",
                      author=actor)
        if escalation.trend == Trend.DECLINING:
            notices.trend_declining(escalation, before=before, actor=actor)
    if "watch_list" in clean:
        _change_watch_list(escalation, clean["watch_list"], actor)
    if "work_note" in clean:
        activity.note(escalation, clean["work_note"], author=actor)
    if "comment" in clean:
        activity.note(escalation, clean["comment"], author=actor, kind=EntryKind.COMMENT)


def _change_severity(escalation: Escalation, row, severity, actor: User) -> None:
    before = escalation.severity.name
    escalation.severity = severity
    activity.audit_change(escalation, action="severity", actor=actor,
                          before={"severity": before}, after={"severity": severity.name})
    activity.note(escalation, f"Severity changed from {before} to {severity.name}.",
                  author=actor)
    notices.severity_changed(escalation, before=before, actor=actor)
    now = app_now()
    sla.restart(escalation, now=now, actor=actor)
    payload = {"severity": severity.name, "sla_duration": severity.response_time}
    runner.advance(row=row, escalation=escalation, actor=actor, now=now,
                   event=DeliverMessage(SEVERITY_CHANGED.name, payload, if_waiting=True))


def _change_watch_list(escalation: Escalation, people: list[User], actor: User) -> None:
    before = sorted(u.username for u in escalation.watch_list)
    after = sorted(u.username for u in people)
    if before != after:
        escalation.watch_list = people
        activity.audit_change(escalation, action="watch_list", actor=actor,
                              before={"watch_list": before}, after={"watch_list": after})


def link_case(*, escalation: Escalation, case_number: str, actor: User) -> RelatedCase:
    """Link a case of the account, by its number, to an account escalation (the permission is
    checked before the number: a refusal says so whatever was sent)."""
    policy.ensure(policy.may_manage(actor, escalation), "link cases to this escalation")
    case = cases.get_by_number((case_number or "").strip())
    if case is None:
        raise ValidationFailed("Unknown case.", fields={
            "case": f"There is no case {case_number or ''!r}."})
    if escalation.source_type != "account":
        raise InvalidTransition("Only account escalations have related cases.")
    _ensure_open(escalation)
    if case.account_id != escalation.account_id:
        raise ValidationFailed(f"{case.number} belongs to another account.",
                               fields={"case": "Link a case of this escalation's account."})
    if any(r.case_id == case.id for r in escalation.related_cases):
        raise InvalidTransition(f"{case.number} is already linked.")
    related = RelatedCase(escalation=escalation, case=case, linked_by=actor)
    db.session.add(related)
    activity.audit_change(escalation, action="case_linked", actor=actor, before={},
                          after={"case": case.number})
    activity.note(escalation, f"Case {case.number} linked.", author=actor)
    flush()
    return related


def unlink_case(*, escalation: Escalation, case_number: str, actor: User) -> None:
    """Remove a case, by its number, from an account escalation's related cases."""
    policy.ensure(policy.may_manage(actor, escalation), "unlink cases from this escalation")
    case = cases.get_by_number_or_raise(case_number)
    _ensure_open(escalation)
    related = next((r for r in escalation.related_cases if r.case_id == case.id), None)
    if related is None:
        raise InvalidTransition(f"{case.number} is not linked to {escalation.number}.")
    escalation.related_cases.remove(related)
    activity.audit_change(escalation, action="case_unlinked", actor=actor,
                          before={"case": case.number}, after={})
    activity.note(escalation, f"Case {case.number} unlinked.", author=actor)
    flush()
