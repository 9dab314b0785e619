"""Template use cases: find templates and publish new versions of their process."""

from __future__ import annotations

from sqlalchemy import select

from webapp.audit import service as audit
from webapp.auth.models import Group, User
from webapp.common.records import get_by_id
from webapp.errors import NotFound, ValidationFailed
from webapp.escalations import lanes
from webapp.escalations.contract import APPROVAL_LANES, MESSAGE_NAMES, OPERATION_NAMES
from webapp.escalations.templates import suspension
from webapp.escalations.templates.checks import contract_problems, summarize
from webapp.escalations.templates.models import EscalationTemplate, SourceType, TemplateVersion
from webapp.extensions import db
from workflows import InvalidDiagram, Problem, check_template, content_hash
from workflows.xmlsafe import parse_diagram


class NotPublishable(ValidationFailed):
    """The diagram has problems; `problems` lists each, located on its element."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"The diagram cannot be published: {len(problems)} problem(s).")
        self.problems = problems


def get_by_name(name: str) -> EscalationTemplate | None:
    """The template with that name, or None."""
    return db.session.scalar(select(EscalationTemplate).where(EscalationTemplate.name == name))


def list_active(*, source_type: SourceType) -> list[EscalationTemplate]:
    """Active, unsuspended templates of a type with a published version, the default first."""
    query = (select(EscalationTemplate)
             .where(EscalationTemplate.type == source_type.value,
                    EscalationTemplate.active.is_(True),
                    EscalationTemplate.suspended_at.is_(None))
             .order_by(EscalationTemplate.is_default.desc(), EscalationTemplate.name))
    return [t for t in db.session.scalars(query) if t.latest_version is not None]


def choose(*, name: str | None, source_type: SourceType) -> EscalationTemplate:
    """The named active template of the right type, or the type's default; else a field error."""
    active = list_active(source_type=source_type)
    if not name:
        if not active:
            raise ValidationFailed("No escalation template is available.", fields={
                "template": f"No active {source_type.value} template is published yet."})
        return active[0]
    template = get_by_name(name)
    if template is None or not template.active or template.latest_version is None:
        raise ValidationFailed(f"Unknown template {name!r}.", fields={
            "template": "Choose one of: " + ", ".join(t.name for t in active) + "."})
    if template.type != source_type.value:
        raise ValidationFailed(f"{template.name} is a {template.type} template.", fields={
            "template": f"Choose a {source_type.value} template."})
    suspension.ensure_usable(template)
    return template


def check(xml: str, *, skip_approval: bool = False, approval_group: Group | None = None,
          add_group_manager: bool = False) -> list[Problem]:
    """Every problem that stops this diagram from being published: engine checks and contract."""
    try:
        parse_diagram(xml, source="The diagram")
    except InvalidDiagram as error:
        return list(error.problems)

    approvers = bool(approval_group and [u for u in approval_group.members if u.active])

    def resolves(lane: str) -> bool:
        # Skipping approval excuses the approval lanes only: other lanes must still find people.
        if lane in APPROVAL_LANES and skip_approval:
            return True
        if lane == lanes.APPROVAL_GROUP:
            return approvers
        if lane == lanes.APPROVERS:
            return approvers or add_group_manager
        return lanes.lane_can_resolve(lane)

    problems = check_template(xml.encode(), operations=OPERATION_NAMES, lane_resolves=resolves,
                              messages=MESSAGE_NAMES)
    return problems + contract_problems(
        xml, group_exists=lambda name: lanes.group_by_name(name) is not None)


def publish(*, xml: str, name: str, source_type: SourceType, actor: User | None = None,
            approval_group: Group | None = None, **settings: object) -> TemplateVersion:
    """Create the template or add a version to it; NotPublishable changes nothing."""
    template = get_by_name(name)
    current = template or EscalationTemplate()

    def setting(key: str, default: object) -> object:
        return settings.get(key, getattr(current, key, None) or default)

    problems = check(xml, skip_approval=bool(setting("skip_approval", False)),
                     approval_group=approval_group or current.approval_group,
                     add_group_manager=bool(setting("add_group_manager", False)))
    if problems:
        raise NotPublishable(problems)
    if template is None:
        template = EscalationTemplate(name=name, type=source_type.value,
                                      approval_group=approval_group, **settings)
        db.session.add(template)
    elif template.type != source_type.value:
        raise ValidationFailed(f"{name} is a {template.type} template, not {source_type.value}.")
    elif approval_group is not None:
        template.approval_group = approval_group
    db.session.flush()
    previous = template.latest_version
    number = (previous.number if previous else 0) + 1
    version = TemplateVersion(template=template, number=number, bpmn_xml=xml,
                              spec_hash=content_hash(xml.encode()), published_by=actor,
                              summary=summarize(previous.bpmn_xml if previous else None, xml))
    db.session.add(version)
    suspension.lift(template)
    db.session.flush()
    audit.record(record_type="template", record_id=template.id, action="published",
                 actor=actor, after={"version": number})
    return version


def get_or_raise(template_id: int) -> EscalationTemplate:
    """The template with that id, or NotFound."""
    template = get_by_id(EscalationTemplate, template_id)
    if template is None:
        raise NotFound("There is no such template.")
    return template
