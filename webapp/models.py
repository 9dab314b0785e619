"""Every model, imported together so the metadata (and Alembic) sees the whole schema."""

from webapp.accounts.models import Account, Contact, account_team
from webapp.audit.models import AuditEntry
from webapp.auth.models import Group, RoleRecord, User, group_member, user_role
from webapp.cases.models import Case
from webapp.common.numbering import NumberSequence
from webapp.journal.models import JournalEntry

__all__ = [
    "Account", "AuditEntry", "Case", "Contact", "Group", "JournalEntry", "NumberSequence",
    "RoleRecord", "User", "account_team", "group_member", "user_role",
]
