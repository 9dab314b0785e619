"""Account use cases: search, read and create."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm.interfaces import LoaderOption

from webapp.accounts.models import Account, Contact, Tier
from webapp.audit import service as audit
from webapp.auth.models import User
from webapp.common.hooks import Hook
from webapp.common.numbering import next_number
from webapp.common.pagination import Page, apply_sort, paginate
from webapp.errors import NotFound, ValidationFailed
from webapp.extensions import db

SORT_COLUMNS = {"number": Account.number, "name": Account.name, "tier": Account.tier}


# How a list loads each account's escalation in force (escalations answers: accounts never
# import it), so that a page of accounts costs the same few queries however long it is.
escalation_loader_options: Hook[[], list[LoaderOption]] = Hook(
    "accounts.escalation_loader_options")


def list_accounts(*, q: str, sort: str | None, page: int, per_page: int) -> tuple[Page, str]:
    """Return one page of accounts whose number or name matches `q`, and the sort key used."""
    query = select(Account).options(*escalation_loader_options())
    if q:
        query = query.where(or_(Account.number == q.upper(), Account.name.ilike(f"%{q}%")))
    query, key = apply_sort(query, sort=sort, columns=SORT_COLUMNS, default="name",
                            tiebreak=Account.id)
    return paginate(query, page=page, per_page=per_page), key


def list_all_names() -> list[tuple[int, str]]:
    """Every account's id and name, for filter menus."""
    return list(db.session.execute(select(Account.id, Account.name).order_by(Account.name)))


def get_by_number_or_raise(number: str) -> Account:
    """Return the account with that number, or raise NotFound."""
    account = db.session.scalar(select(Account).where(Account.number == number.strip().upper()))
    if account is None:
        raise NotFound(f"There is no account {number}.")
    return account


def build(*, name: str, tier: Tier, team: list[User] | None = None,
          actor: User | None = None) -> Account:
    """Add a new account with the next number to the current transaction (the caller commits)."""
    if not name.strip():
        raise ValidationFailed("The account was not saved.", fields={"name": "A name is required."})
    account = Account(number=next_number("ACC"), name=name.strip(), tier=tier.value,
                      team=team or [])
    db.session.add(account)
    db.session.flush()
    audit.record(record_type="account", record_id=account.id, action="created", actor=actor,
                 after={"number": account.number, "name": account.name})
    return account


def add_contact(*, account: Account, name: str, title: str = "", email: str = "",
                phone: str = "") -> Contact:
    """Add a contact to an account in the current transaction (the caller commits)."""
    contact = Contact(account=account, name=name, title=title, email=email, phone=phone)
    db.session.add(contact)
    return contact
