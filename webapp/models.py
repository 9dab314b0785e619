"""Every model, imported together so the metadata (and Alembic) sees the whole schema."""

from webapp.accounts.models import Account, Contact, account_team
from webapp.audit.models import AuditEntry
from webapp.auth.models import (
    Group,
    RoleRecord,
    User,
    group_member,
    user_role,
)
from webapp.cases.models import Case
from webapp.common.numbering import NumberSequence
from webapp.escalations.models import Approval, Escalation, RelatedCase
from webapp.escalations.process.models import HumanTask, WorkflowInstance
from webapp.escalations.templates.models import EscalationTemplate, StepKill, TemplateVersion
from webapp.journal.models import JournalEntry
from webapp.logins.models import ApiToken, LoginFailure
from webapp.notifications.models import Notification, NotificationPreference
from webapp.severity.models import Schedule, Severity

__all__ = [
    "Account", "ApiToken", "Approval", "AuditEntry", "Case", "Contact", "Escalation",
    "EscalationTemplate", "Group", "HumanTask", "JournalEntry", "LoginFailure", "Notification",
    "NotificationPreference", "NumberSequence", "RelatedCase", "RoleRecord", "Schedule",
    "Severity", "StepKill", "TemplateVersion", "User", "WorkflowInstance", "account_team",
    "group_member", "user_role",
]
