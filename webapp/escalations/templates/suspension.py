"""Suspending a template whose steps the engine jail keeps stopping: new escalations on it are
refused until a new version is published."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from webapp.audit import service as audit
from webapp.auth import service as users
from webapp.auth.roles import Role
from webapp.errors import ValidationFailed
from webapp.escalations.process import engine
from webapp.escalations.templates.models import EscalationTemplate, StepKill, TemplateVersion
from webapp.extensions import db
from webapp.notifications import service as notifications
from workflows.jail import StepKilled

KILLS = 3
WINDOW = timedelta(minutes=10)


def record_kill(*, version: TemplateVersion, error: StepKilled, now: datetime) -> bool:
    """Remember a stopped step; the third on the latest version within WINDOW suspends the
    template and tells the escalation admins. True when this kill suspended it."""
    template = version.template
    db.session.add(StepKill(template_id=template.id, version_number=version.number,
                            limit=error.limit, element_id=error.element_id or "",
                            message=error.message, at=now))
    db.session.flush()
    latest = template.latest_version
    if template.suspended_at is not None or latest is None or latest.id != version.id:
        return False
    recent = db.session.scalar(
        select(func.count()).select_from(StepKill)
        .where(StepKill.template_id == template.id, StepKill.version_number == version.number,
               StepKill.at >= now - WINDOW))
    if recent < KILLS:
        return False
    _suspend(template, f"Its steps were stopped {recent} times within "
                       f"{WINDOW.seconds // 60} minutes; the last time {error.message}.", now)
    return True


def _suspend(template: EscalationTemplate, why: str, now: datetime) -> None:
    template.suspended_at = now
    template.suspended_reason = why
    audit.record(record_type="template", record_id=template.id, action="suspended",
                 actor=None, after={"reason": why})
    notifications.queue(
        users.list_holding(Role.ESCALATION_ADMIN),
        subject=f"Template {template.name} is suspended",
        body=f"{why} New escalations on {template.name} are refused until a fixed version is "
             "published.",
        record_type="template", record_id=template.id, kind="template_suspended")


def ensure_usable(template: EscalationTemplate) -> None:
    """Refuse a suspended template with the reason and what lifts the suspension."""
    if template.suspended_at is not None:
        _refuse(template, template.suspended_reason)


def ensure_runnable(version: TemplateVersion, *, now: datetime) -> None:
    """Right before a new escalation's first step: refuse it when the template was suspended
    meanwhile, or when this process's jail already stopped KILLS steps of the version within
    WINDOW (their suspension may not be written yet: bombs requested at once must not all run)."""
    template = version.template
    db.session.refresh(template, ["suspended_at", "suspended_reason"])
    ensure_usable(template)
    recent = engine.jail().kills(version.spec_hash, since=now - WINDOW)
    if recent >= KILLS:
        _refuse(template, f"Its steps were stopped {recent} times within "
                          f"{WINDOW.seconds // 60} minutes.")


def _refuse(template: EscalationTemplate, why: str) -> None:
    raise ValidationFailed(f"{template.name} is suspended.", fields={
        "template": f"{template.name} is suspended. {why} A process admin lifts this by "
                    "publishing a fixed version."})


def lift(template: EscalationTemplate) -> None:
    """A new version was published: new escalations may use the template again."""
    template.suspended_at = None
    template.suspended_reason = ""
