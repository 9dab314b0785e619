"""Finding users and checking passwords."""

from __future__ import annotations

import secrets
from functools import cache

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.auth.models import Group, RoleRecord, User
from webapp.auth.roles import DESCRIPTIONS, Role, effective_roles
from webapp.extensions import db


@cache
def _dummy_hash() -> str:
    # Checked when the username is unknown, so a wrong username costs as long as a wrong password.
    return generate_password_hash(secrets.token_hex(16))


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the active user of a session id (`<id>.<session version>`), or None
    when the user logged out or changed the password since."""
    user_id, _, version = session_id.partition(".")
    try:
        user = db.session.get(User, int(user_id))
        version_number = int(version)
    except ValueError:
        return None
    if user is None or not user.active or user.session_version != version_number:
        return None
    return user


def get_by_username(username: str) -> User | None:
    """Return the user with that username, or None."""
    return db.session.scalar(select(User).where(User.username == username))


def authenticate(*, username: str, password: str) -> User | None:
    """Return the active user whose password matches, else None (never says which part failed)."""
    user = get_by_username(username.strip())
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def ensure_roles() -> None:
    """Make sure every role of the product has its row (the caller commits)."""
    existing = set(db.session.scalars(select(RoleRecord.name)))
    for role in Role:
        if role.value not in existing:
            db.session.add(RoleRecord(name=role.value, description=DESCRIPTIONS[role]))
    db.session.flush()


def create_user(
    *, username: str, full_name: str, password: str, roles: list[Role], email: str = ""
) -> User:
    """Add a user holding `roles` to the current transaction (the caller commits)."""
    user = User(username=username, full_name=full_name, email=email)
    user.set_password(password, method=current_app.config["PASSWORD_HASH_METHOD"])
    user.role_records = [db.session.get(RoleRecord, role.value) for role in roles]
    db.session.add(user)
    return user


def find_users(usernames: list[str]) -> tuple[list[User], list[str]]:
    """The users named, each once (blank names skipped), and the names nobody has."""
    named = [(name, get_by_username(name)) for name in dict.fromkeys(usernames) if name]
    return ([user for _, user in named if user is not None],
            [name for name, user in named if user is None])


def list_users() -> list[User]:
    """Every user, by username."""
    return list(db.session.scalars(select(User).order_by(User.username)))


def list_groups() -> list[Group]:
    """Every assignment group, by name."""
    return list(db.session.scalars(select(Group).order_by(Group.name)))


def list_holding(role: Role) -> list[User]:
    """The active users who hold `role`, directly or through a role that contains it."""
    holders = [r.value for r in Role if role in effective_roles(frozenset({r}))]
    query = (select(User).join(User.role_records).where(RoleRecord.name.in_(holders),
                                                        User.active.is_(True))
             .order_by(User.username).distinct())
    return list(db.session.scalars(query))
