"""Role checks for views, honouring role containment."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask_login import current_user, login_required

from webapp.auth.roles import Role
from webapp.errors import PermissionDenied


def ensure_role(user: Any, role: Role) -> None:
    """Raise PermissionDenied unless `user` holds `role` (directly or contained)."""
    if not user.is_authenticated or not user.has_role(role):
        raise PermissionDenied(f"This needs the {role.value.replace('_', ' ')} role.")


def requires_role(role: Role) -> Callable:
    """Decorate a view: log in first, then 403 unless the user holds `role`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            ensure_role(current_user, role)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None, *, default: str) -> str:
    """Return `target` when it is a path on this site, else `default`."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
