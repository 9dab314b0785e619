"""Case use cases: search, read, create, update and work notes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import LoaderOption

from webapp.accounts.models import Account, Contact
from webapp.audit import service as audit
from webapp.auth.models import Group, User
from webapp.cases.models import OPEN_STATES, Case, CaseState, Priority
from webapp.common.hooks import Hook
from webapp.common.numbering import next_number
from webapp.common.pagination import Page, apply_sort, paginate
from webapp.common.transactions import flush
from webapp.errors import InvalidTransition, NotFound, ValidationFailed
from webapp.extensions import db
from webapp.journal import service as journal
from webapp.journal.models import EntryKind, JournalEntry

CHANGED_MEANWHILE = ("{} was changed by someone else since you opened it; reload it to see the "
                     "change, then make yours again.")
CASE_NUMBER = re.compile(r"CS\d{7}")
SORT_COLUMNS = {
    "number": Case.number,
    "short_description": Case.short_description,
    "priority": Case.priority,
    "state": Case.state,
    "opened_at": Case.opened_at,
}
EDITABLE = ("short_description", "description", "priority", "state", "contact_id",
            "assignment_group_id", "assigned_to_id")

# Handed in at start-up by escalations, which the records never import: a query of the ids of
# the cases escalated now, what a case list loads with each case to show its escalation, and
# the escalation's columns a case list may sort by (its SLA due).
escalated_case_ids: Hook[[], Select] = Hook("cases.escalated_case_ids")
escalation_loader_options: Hook[[], list[LoaderOption]] = Hook("cases.escalation_loader_options")
escalation_sort_columns: Hook[[], dict[str, Any]] = Hook("cases.escalation_sort_columns")


@dataclass(frozen=True)
class CaseFilters:
    """What a case list is narrowed by."""

    q: str = ""
    state: str = ""
    priority: int | None = None
    group_id: int | None = None
    account_id: int | None = None
    escalated: bool = False


def _with_relations(query: Select) -> Select:
    return query.options(
        joinedload(Case.account), joinedload(Case.assignment_group), joinedload(Case.assigned_to),
        *escalation_loader_options(),
    )


def _filtered(filters: CaseFilters) -> Select:
    query = select(Case)
    term = filters.q.strip()
    if CASE_NUMBER.fullmatch(term.upper()):
        query = query.where(Case.number == term.upper())
    elif term:
        query = query.where(Case.short_description.ilike(f"%{term}%"))
    if filters.state:
        query = query.where(Case.state == filters.state)
    if filters.priority:
        query = query.where(Case.priority == filters.priority)
    if filters.group_id:
        query = query.where(Case.assignment_group_id == filters.group_id)
    if filters.account_id:
        query = query.where(Case.account_id == filters.account_id)
    if filters.escalated:
        query = query.where(Case.id.in_(escalated_case_ids()))
    return query


def list_cases(
    *, filters: CaseFilters, sort: str | None, page: int, per_page: int
) -> tuple[Page, str]:
    """Return one page of cases matching `filters`, and the sort key used."""
    query, key = apply_sort(
        _with_relations(_filtered(filters)),
        sort=sort,
        columns={**SORT_COLUMNS, **escalation_sort_columns()},
        default="-opened_at",
        tiebreak=Case.id,
    )
    return paginate(query, page=page, per_page=per_page), key


def list_my_open_cases(*, user: User, limit: int = 50) -> list[Case]:
    """Open cases assigned to `user` or to one of the user's groups, newest first."""
    return list(db.session.scalars(_my_open_query(user).order_by(
        Case.priority.asc(), Case.opened_at.desc()).limit(limit)).unique())


def count_my_open_cases(*, user: User) -> int:
    """How many open cases are assigned to `user` or to one of the user's groups."""
    return db.session.scalar(_mine_open(select(func.count(Case.id)), user))


def _mine_open(query: Select, user: User) -> Select:
    group_ids = [group.id for group in user.groups]
    open_states = [state.value for state in OPEN_STATES]
    return query.where(
        or_(Case.assigned_to_id == user.id, Case.assignment_group_id.in_(group_ids)),
        Case.state.in_(open_states),
    )


def _my_open_query(user: User) -> Select:
    return _with_relations(_mine_open(select(Case), user))


def list_for_account(account: Account, *, limit: int = 100) -> list[Case]:
    """The account's cases, newest first."""
    query = (select(Case).where(Case.account_id == account.id)
             .order_by(Case.opened_at.desc(), Case.id.desc()).limit(limit))
    return list(db.session.scalars(query))


def count_by_account(account_ids: list[int]) -> dict[int, int]:
    """Count the cases of each listed account, in one query."""
    query = (select(Case.account_id, func.count()).where(Case.account_id.in_(account_ids))
             .group_by(Case.account_id))
    return {account_id: count for account_id, count in db.session.execute(query)}


def get_by_number(number: str) -> Case | None:
    """Return the case with that number, or None."""
    query = _with_relations(select(Case).where(Case.number == number.strip().upper()))
    return db.session.scalar(query)


def get_by_number_or_raise(number: str) -> Case:
    """Return the case with that number, or raise NotFound."""
    case = get_by_number(number)
    if case is None:
        raise NotFound(f"There is no case {number}.")
    return case


def snapshot(case: Case) -> dict[str, Any]:
    """The audited fields of a case as plain values."""
    return {name: getattr(case, name) for name in EDITABLE}


def validate_changes(case: Case, changes: dict[str, Any]) -> dict[str, Any]:
    """Check proposed field values; raise ValidationFailed naming every bad field."""
    errors: dict[str, str] = {}
    clean = {k: v for k, v in changes.items() if k in EDITABLE}
    if "short_description" in clean:
        clean["short_description"] = (clean["short_description"] or "").strip()
        if not clean["short_description"]:
            errors["short_description"] = "A short description is required."
        elif len(clean["short_description"]) > 160:
            errors["short_description"] = "Keep it to 160 characters."
    if "priority" in clean and clean["priority"] not in {p.value for p in Priority}:
        errors["priority"] = "Choose a priority from 1 (Critical) to 4 (Low)."
    if "state" in clean and clean["state"] not in {s.value for s in CaseState}:
        errors["state"] = "Choose one of the listed states."
    _check_reference(clean, "contact_id", Contact, errors, "That contact does not exist.")
    contact = db.session.get(Contact, clean["contact_id"]) if clean.get("contact_id") else None
    if contact is not None and contact.account_id != case.account_id:
        errors["contact_id"] = "The contact must belong to the case's account."
    _check_reference(clean, "assignment_group_id", Group, errors, "That group does not exist.")
    _check_reference(clean, "assigned_to_id", User, errors, "That user does not exist.")
    if errors:
        raise ValidationFailed("The case was not saved: fix the fields marked.", fields=errors)
    return clean


def _check_reference(clean: dict, key: str, model: type, errors: dict, message: str) -> None:
    if clean.get(key) and db.session.get(model, clean[key]) is None:
        errors[key] = message
        clean[key] = None


def update(*, case: Case, changes: dict[str, Any], actor: User,
           seen_version: int | None = None) -> Case:
    """Apply field changes to a case and audit them, in one transaction.

    `seen_version` is the version the editor loaded: a save over someone else's newer change
    is refused instead of silently undoing it.
    """
    if seen_version is not None and seen_version != case.lock_version:
        raise InvalidTransition(CHANGED_MEANWHILE.format(case.number))
    clean = validate_changes(case, changes)
    before = snapshot(case)
    for name, value in clean.items():
        setattr(case, name, value)
    audit.record_update(record_type="case", record_id=case.id, actor=actor, before=before,
                        after=snapshot(case))
    flush(conflict=CHANGED_MEANWHILE.format(case.number))
    return case


def add_work_note(*, case: Case, author: User, text: str) -> JournalEntry:
    """Add a work note to a case, in one transaction."""
    entry = journal.add_entry(record_type="case", record_id=case.id, author=author,
                              text=text, kind=EntryKind.WORK_NOTE)
    db.session.flush()
    return entry


def build(*, account: Account, short_description: str, actor: User | None = None,
          **fields: Any) -> Case:
    """Add a new case with the next number to the current transaction (the caller commits)."""
    case = Case(number=next_number("CS"), account=account,
                short_description=short_description, **fields)
    db.session.add(case)
    db.session.flush()
    audit.record(record_type="case", record_id=case.id, action="created", actor=actor,
                 at=case.opened_at,
                 after={"number": case.number, "short_description": short_description})
    return case


def create(*, account: Account, short_description: str, actor: User | None = None,
           **fields: Any) -> Case:
    """Open a new case, in one transaction."""
    if not (short_description or "").strip():
        raise ValidationFailed("The case was not saved.",
                               fields={"short_description": "A short description is required."})
    case = build(account=account, short_description=short_description.strip(), actor=actor,
                 **fields)
    db.session.flush()
    return case
