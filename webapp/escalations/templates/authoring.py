"""Process admins' use cases: create, edit settings, clone, (de)activate, drafts and publishing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import markdown
from lxml import etree
from sqlalchemy import func, select

from webapp.audit import service as audit
from webapp.auth import service as users
from webapp.auth.models import Group, User
from webapp.common.time import utcnow
from webapp.common.transactions import conflicts, flush
from webapp.errors import ValidationFailed
from webapp.escalations import guide_tables, lanes
from webapp.escalations.models import Escalation
from webapp.escalations.process.models import InstanceStatus, WorkflowInstance
from webapp.escalations.states import ACTIVE_STATES
from webapp.escalations.templates import service
from webapp.escalations.templates.models import EscalationTemplate, SourceType, TemplateVersion
from webapp.extensions import db
from webapp.severity import durations
from workflows import InvalidDiagram
from workflows.xmlsafe import parse_diagram

BPMN_DIR = Path(__file__).resolve().parents[3] / "bpmn"
STARTERS = {SourceType.CASE: "standard_case_escalation.bpmn",
            SourceType.ACCOUNT: "standard_account_escalation.bpmn"}


@dataclass
class Settings:
    """A template's settings (name, type, approvals, watch list) as a form or the API sends them."""

    name: str = ""
    type: str = ""
    description: str = ""
    skip_approval: bool = False
    add_group_manager: bool = False
    approval_group: str = ""
    watch_list: list[str] = field(default_factory=list)
    is_default: bool = False
    reminder: str = "PT2H"


def list_with_stats() -> list[tuple[EscalationTemplate, int]]:
    """Every template with its number of running escalations, by type and name."""
    running = (select(Escalation.template_id, func.count()).where(
        Escalation.state.in_([s.value for s in ACTIVE_STATES])).group_by(Escalation.template_id))
    counts = {template_id: n for template_id, n in db.session.execute(running)}
    templates = db.session.scalars(select(EscalationTemplate).order_by(
        EscalationTemplate.type, EscalationTemplate.name))
    return [(t, counts.get(t.id, 0)) for t in templates]


def starter_xml(source_type: SourceType) -> str:
    """A working diagram a new template starts from."""
    return (BPMN_DIR / STARTERS[source_type]).read_text(encoding="utf-8")


def current_xml(template: EscalationTemplate) -> str:
    """What the modeler opens: the draft, else the latest version, else the starter."""
    if template.draft_xml:
        return template.draft_xml
    if template.latest_version is not None:
        return template.latest_version.bpmn_xml
    return starter_xml(SourceType(template.type))


def _validated(settings: Settings, *, template: EscalationTemplate | None) -> dict:
    errors: dict[str, str] = {}
    name = settings.name.strip()
    if not name:
        errors["name"] = "A name is required."
    elif (other := service.get_by_name(name)) is not None and other is not template:
        errors["name"] = f"A template called {name!r} exists already."
    if settings.type not in {t.value for t in SourceType}:
        errors["type"] = "Choose case or account."
    group = lanes.group_by_name(settings.approval_group) if settings.approval_group \
        else None
    if settings.approval_group and group is None:
        errors["approval_group"] = f"There is no group {settings.approval_group!r}."
    if settings.type == "account" and group is None and not settings.skip_approval:
        errors.setdefault("approval_group", "Account templates need an approval group unless "
                                            "they skip approval.")
    watchers, unknown = users.find_users(settings.watch_list)
    if unknown:
        errors["watch_list"] = "Choose existing users."
    reminder = settings.reminder.strip()
    try:
        reminder = durations.normalize(reminder, what="a reminder") if reminder else ""
    except durations.InvalidDuration as error:
        errors["reminder"] = f"{error} Leave it empty to send no reminders."
    if errors:
        raise ValidationFailed("The template was not saved: fix the fields marked.",
                               fields=errors)
    return {"name": name, "type": settings.type, "description": settings.description.strip(),
            "skip_approval": settings.skip_approval,
            "add_group_manager": settings.add_group_manager and settings.type == "case",
            "approval_group": group, "watch_list": watchers, "is_default": settings.is_default,
            "reminder": reminder}


def _apply(template: EscalationTemplate, values: dict) -> None:
    for name, value in values.items():
        setattr(template, name, value)
    if template.is_default:
        others = select(EscalationTemplate).where(EscalationTemplate.type == template.type,
                                                  EscalationTemplate.id != template.id)
        for other in db.session.scalars(others):
            other.is_default = False


def create(*, settings: Settings, actor: User) -> EscalationTemplate:
    """A new template with the starter diagram as its draft; unpublished until published."""
    values = _validated(settings, template=None)
    template = EscalationTemplate(active=True)
    _apply(template, values)
    template.draft_xml = starter_xml(SourceType(template.type))
    db.session.add(template)
    db.session.flush()
    audit.record(record_type="template", record_id=template.id, action="created", actor=actor,
                 after={"name": template.name, "type": template.type})
    flush(conflict="A template with that name was created at the same time.")
    return template


def update_settings(*, template: EscalationTemplate, settings: Settings,
                    actor: User) -> EscalationTemplate:
    """Change a template's settings (its type cannot change once it has versions)."""
    if template.versions and settings.type != template.type:
        raise ValidationFailed("The type cannot change.", fields={
            "type": "Published versions are for this type; clone the template instead."})
    values = _validated(settings, template=template)
    before = {"name": template.name, "active": template.active}
    _apply(template, values)
    audit.record(record_type="template", record_id=template.id, action="settings",
                 actor=actor, before=before, after={"name": template.name})
    flush()
    return template


def clone(*, template: EscalationTemplate, actor: User) -> EscalationTemplate:
    """A copy of the template's settings with its current diagram as the draft, inactive."""
    name = f"Copy of {template.name}"
    n = 2
    while service.get_by_name(name) is not None:
        name, n = f"Copy of {template.name} ({n})", n + 1
    copy = EscalationTemplate(
        name=name, type=template.type, description=template.description,
        skip_approval=template.skip_approval, add_group_manager=template.add_group_manager,
        approval_group=template.approval_group, watch_list=list(template.watch_list),
        active=False, is_default=False, draft_xml=current_xml(template),
        reminder=template.reminder)
    db.session.add(copy)
    db.session.flush()
    audit.record(record_type="template", record_id=copy.id, action="cloned", actor=actor,
                 after={"from": template.name})
    flush()
    return copy


def set_active(*, template: EscalationTemplate, active: bool, actor: User) -> None:
    """Activate or deactivate; running escalations finish on their version either way."""
    template.active = active
    if not active:
        template.is_default = False
    audit.record(record_type="template", record_id=template.id,
                 action="activated" if active else "deactivated", actor=actor)
    flush()


def save_draft(*, template: EscalationTemplate, xml: str, actor: User) -> EscalationTemplate:
    """Keep the diagram being edited; it must be well-formed, safe XML."""
    try:
        parse_diagram(xml, source="The diagram")
    except InvalidDiagram as error:
        raise ValidationFailed(error.problems[0].message if not error.problems[0].line else
                               f"Line {error.problems[0].line}: {error.problems[0].message}",
                               fields={"xml": str(error.problems[0])}) from None
    template.draft_xml = xml
    template.draft_saved_at = utcnow()
    template.draft_saved_by = actor
    flush()
    return template


def upload(*, template: EscalationTemplate, data: bytes, actor: User) -> EscalationTemplate:
    """Open an uploaded file as the draft, read in the encoding it declares, stored as UTF-8."""
    try:
        root = parse_diagram(data, source="The file")
    except InvalidDiagram as error:
        problem = error.problems[0]
        raise ValidationFailed(problem.message, fields={"xml": str(problem)}) from None
    tree = root.getroottree()
    if (tree.docinfo.encoding or "").upper().replace("-", "") == "UTF8":
        xml = data.decode("utf-8")  # kept as written, byte for byte
    else:
        xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8").decode("utf-8")
    return save_draft(template=template, xml=xml, actor=actor)


def publish_draft(*, template: EscalationTemplate, xml: str, actor: User) -> TemplateVersion:
    """Publish `xml` as the next version; NotPublishable (nothing changed) lists every problem."""
    with conflicts("Someone published this template at the same time; reload and try again."):
        version = service.publish(xml=xml, name=template.name,
                                  source_type=SourceType(template.type), actor=actor)
        template.draft_xml = None
        template.draft_saved_at = None
        db.session.flush()
    return version


def approval_group_choices() -> list[Group]:
    """Groups that may approve."""
    return list(db.session.scalars(select(Group).order_by(Group.name)))


def running_by_version(template: EscalationTemplate) -> dict[int, int]:
    """Running escalations per version id of a template."""
    query = (select(Escalation.template_version_id, func.count())
             .where(Escalation.template_id == template.id,
                    Escalation.state.in_([s.value for s in ACTIVE_STATES]))
             .group_by(Escalation.template_version_id))
    return {version_id: n for version_id, n in db.session.execute(query)}


def guide_html() -> str:
    """The guide for process admins, rendered from docs/templates.md with the contract's tables
    written from its declaration."""
    text = (BPMN_DIR.parent / "docs" / "templates.md").read_text(encoding="utf-8")
    return markdown.markdown(guide_tables.refresh(text), extensions=["tables", "fenced_code",
                                                                      "toc"])


def failed_processes() -> list[tuple[WorkflowInstance, Escalation]]:
    """Escalations whose process failed, newest failure first."""
    query = (select(WorkflowInstance, Escalation)
             .join(Escalation, WorkflowInstance.escalation_id == Escalation.id)
             .where(WorkflowInstance.status == InstanceStatus.ERROR.value)
             .order_by(WorkflowInstance.updated_at.desc()))
    return [(row, escalation) for row, escalation in db.session.execute(query)]
