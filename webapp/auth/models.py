"""Users, the roles they hold, and assignment groups."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.auth.roles import Role, effective_roles
from webapp.common.time import utcnow
from webapp.common.types import UTCDateTime
from webapp.extensions import db

user_role = Table(
    "user_role",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_name", ForeignKey("role.name", ondelete="CASCADE"), primary_key=True),
)

group_member = Table(
    "group_member",
    db.metadata,
    Column("group_id", ForeignKey("assignment_group.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class RoleRecord(db.Model):
    """A role as stored; its containment lives in `webapp.auth.roles`."""

    __tablename__ = "role"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    description: Mapped[str] = mapped_column(String(200), default="")


class User(UserMixin, db.Model):
    """Someone who logs in."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of every session and remember-me cookie: raising it ends them all (log out, new
    # password).
    session_version: Mapped[int] = mapped_column(default=1)

    role_records: Mapped[list[RoleRecord]] = relationship(secondary=user_role, lazy="selectin")
    groups: Mapped[list[Group]] = relationship(
        secondary=group_member, back_populates="members", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str, *, method: str = "scrypt") -> None:
        """Store a salted hash of `password`, never the password; sessions opened with the old
        one end."""
        self.password_hash = generate_password_hash(password, method=method)
        self.end_sessions()

    def end_sessions(self) -> None:
        """End every session and remember-me cookie of this user, wherever they are."""
        self.session_version = (self.session_version or 0) + 1

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version."""
        return f"{self.id}.{self.session_version}"

    def check_password(self, password: str) -> bool:
        """Tell whether `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def roles(self) -> frozenset[Role]:
        """Every role this user has, containment included."""
        return effective_roles(frozenset(Role(r.name) for r in self.role_records))

    def has_role(self, role: Role | str) -> bool:
        """Tell whether the user holds `role` directly or through containment."""
        return Role(role) in self.roles

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class Group(db.Model):
    """An assignment group: members and one manager."""

    __tablename__ = "assignment_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    manager: Mapped[User | None] = relationship(foreign_keys=[manager_id])
    members: Mapped[list[User]] = relationship(
        secondary=group_member, back_populates="groups", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<Group {self.name}>"

