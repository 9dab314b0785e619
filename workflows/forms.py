"""Camunda form fields of a user task, and validation of submitted data against them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from .errors import InvalidFormData

FIELD_TYPES = ("string", "long", "boolean", "date", "enum")
_TRUE = {"true", "on", "yes", "1"}
_FALSE = {"false", "off", "no", "0"}


@dataclass(frozen=True)
class Option:
    """One choice of an enum field."""

    id: str
    name: str


@dataclass(frozen=True)
class FormField:
    """One field of a user task's form, as a browser form needs it."""

    id: str
    label: str
    type: str
    options: tuple[Option, ...] = ()
    required: bool = False
    default: Any = None
    readonly: bool = False
    constraints: tuple[tuple[str, str | None], ...] = ()


@lru_cache(maxsize=4096)
def form_fields(task_spec: Any) -> tuple[FormField, ...]:
    """The fields of a Camunda user task spec (empty for any other task)."""
    form = getattr(task_spec, "form", None)
    if form is None:
        return ()
    return tuple(_field(raw) for raw in form.fields)


def _field(raw: Any) -> FormField:
    constraints = tuple((v.name, v.config) for v in raw.validation)
    names = {name for name, _ in constraints}
    options = tuple(Option(o.id, o.name or o.id) for o in getattr(raw, "options", ()))
    field = FormField(
        id=raw.id,
        label=raw.label or raw.id,
        type=raw.type or "string",
        options=options,
        required="required" in names,
        readonly="readonly" in names,
        constraints=constraints,
    )
    if raw.default_value in (None, ""):
        return field
    try:
        default = _coerce(field, raw.default_value)
    except ValueError:
        default = raw.default_value
    return FormField(**{**field.__dict__, "default": default})


def validate_form(fields: tuple[FormField, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    """Clean submitted data: unknown keys dropped, values coerced, every problem by field."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in fields:
        value = field.default if field.readonly else data.get(field.id)
        if value is None or value == "":
            if field.required:
                errors[field.id] = "is required"
            cleaned[field.id] = field.default
            continue
        try:
            cleaned[field.id] = _coerce(field, value)
            _check_constraints(field, cleaned[field.id])
        except ValueError as exc:
            errors[field.id] = str(exc)
    if errors:
        raise InvalidFormData(errors)
    return cleaned


def _coerce(field: FormField, value: Any) -> Any:
    kind = field.type
    if kind == "enum":
        allowed = [o.id for o in field.options]
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value
    if kind == "long":
        return _to_long(value)
    if kind == "boolean":
        return _to_bool(value)
    if kind == "date":
        return _to_date(value)
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _to_long(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value.strip())
    raise ValueError("must be a whole number")


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("must be true or false")


def _to_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError("must be a date (YYYY-MM-DD)")


def _check_constraints(field: FormField, value: Any) -> None:
    for name, config in field.constraints:
        if config is None or name not in ("minlength", "maxlength", "min", "max"):
            continue
        limit = int(config)
        size = len(value) if name.endswith("length") else value
        unit = " characters" if name.endswith("length") else ""
        if name.startswith("min") and size < limit:
            raise ValueError(f"must be at least {limit}{unit}")
        if name.startswith("max") and size > limit:
            raise ValueError(f"must be at most {limit}{unit}")
