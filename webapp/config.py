"""Settings read from the environment, with safe defaults for the demo."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("demo", "production", "test")


class ConfigError(RuntimeError):
    """The environment does not describe a runnable app; the message says what to set."""


def database_url(raw: str | None, instance_path: str) -> str:
    """Return the database URL: SQLite in the instance folder by default, psycopg 3 for Postgres."""
    if not raw:
        return f"sqlite:///{Path(instance_path) / 'escalations.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


MIN_SECRET_KEY_BYTES = 32


def refuse_debug_in_production(environment: str) -> None:
    """Production never runs in debug mode: its debugger runs code typed into a browser."""
    debug = os.environ.get("FLASK_DEBUG", "").strip().lower() not in ("", "0", "false", "no")
    if environment == "production" and debug:
        raise ConfigError("FLASK_DEBUG is refused when ESCALATIONS_ENV=production: debug mode "
                          "lets anyone who reaches the server run code in it (the debugger "
                          "console). Unset FLASK_DEBUG.")


def secret_key(environment: str, instance_path: str) -> str:
    """Return SECRET_KEY; the demo makes one on first start and keeps it in the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if environment == "production" and len((key or "").encode()) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(
            f"SECRET_KEY must be set to at least {MIN_SECRET_KEY_BYTES} bytes when "
            "ESCALATIONS_ENV=production: it signs every session, and a short one can be "
            "guessed. Make one with: python3 -c 'import secrets; print(secrets.token_hex(32))'")
    if key:
        return key
    if environment == "test":
        return "test-secret-key"
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def engine_options(url: str) -> dict[str, Any]:
    """Connection options: SQLite waits for the writer instead of failing at once."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True}


ENGINE_DEFAULTS: dict[str, tuple[type, float, float]] = {
    # name: (type, default, smallest allowed)
    "ENGINE_WORKERS": (int, 2, 1),
    "ENGINE_MEMORY_MB": (int, 512, 128),
    "ENGINE_STEP_SECONDS": (float, 5.0, 0.1),
    "ENGINE_QUEUE_SECONDS": (float, 10.0, 0.0),
}


def engine_settings() -> dict[str, Any]:
    """The jail's settings from the environment, checked: worker count, memory, time limits."""
    found: dict[str, Any] = {}
    for name, (kind, default, least) in ENGINE_DEFAULTS.items():
        raw = os.environ.get(name, "").strip()
        try:
            value = kind(raw) if raw else kind(default)
        except ValueError:
            raise ConfigError(f"{name} must be a number, not {raw!r}.") from None
        if value < least:
            raise ConfigError(f"{name} must be at least {kind(least)}.")
        found[name] = value
    return found


def mail_settings() -> dict[str, Any]:
    """Where e-mail goes; without SMTP_HOST it stays in the app's own mailbox."""
    env = os.environ.get
    try:
        port, attempts = int(env("SMTP_PORT", "25")), int(env("MAIL_MAX_ATTEMPTS", "5"))
    except ValueError:
        raise ConfigError("SMTP_PORT and MAIL_MAX_ATTEMPTS must be whole numbers.") from None
    return {"SMTP_HOST": env("SMTP_HOST", ""), "SMTP_PORT": port,
            "SMTP_USER": env("SMTP_USER", ""), "SMTP_PASSWORD": env("SMTP_PASSWORD", ""),
            "SMTP_STARTTLS": env("SMTP_STARTTLS", "") in ("1", "true", "yes"),
            "MAIL_FROM": env("MAIL_FROM", "escalations@localhost"),
            "BASE_URL": env("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
            "MAIL_MAX_ATTEMPTS": attempts}


def login_throttle() -> dict[str, Any]:
    """How many wrong passwords (per username, per address) a window allows."""
    found = {}
    for name, default in (("LOGIN_MAX_FAILURES", 5), ("LOGIN_ADDRESS_MAX_FAILURES", 20),
                          ("LOGIN_WINDOW_MINUTES", 15)):
        raw = os.environ.get(name, "").strip() or str(default)
        if not raw.isdigit() or int(raw) < 1:
            raise ConfigError(f"{name} must be a whole number, at least 1.")
        found[name] = int(raw)
    return found


def proxy_hops() -> int:
    """How many reverse proxies in front of the app set X-Forwarded-* headers we may trust."""
    raw = os.environ.get("PROXY_HOPS", "").strip() or "0"
    if not raw.isdigit():
        raise ConfigError("PROXY_HOPS must be a whole number: the proxies in front of the app.")
    return int(raw)


def request_limits() -> dict[str, Any]:
    """How large a request body may be: any request, and one carrying a diagram."""
    found = {}
    for name, key, default in (("MAX_REQUEST_KB", "MAX_CONTENT_LENGTH", 1024),
                               ("MAX_DIAGRAM_REQUEST_KB", "DIAGRAM_REQUEST_BYTES", 6 * 1024)):
        raw = os.environ.get(name, "").strip() or str(default)
        if not raw.isdigit() or int(raw) < 16:
            raise ConfigError(f"{name} must be a whole number of kilobytes, at least 16.")
        found[key] = int(raw) * 1024
    return found


def load_config(instance_path: str, *, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the app's settings from the environment, then apply `overrides`."""
    overrides = overrides or {}
    environment = overrides.get("ENVIRONMENT") or os.environ.get("ESCALATIONS_ENV", "demo")
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"ESCALATIONS_ENV must be one of {', '.join(ENVIRONMENTS)}.")
    refuse_debug_in_production(environment)
    url = database_url(
        overrides.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL"), instance_path
    )
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {
        "ENVIRONMENT": environment,
        "SECRET_KEY": overrides.get("SECRET_KEY") or secret_key(environment, instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "MIGRATIONS_DIR": str(Path(__file__).parent / "migrations"),
        "PAGE_SIZE": 25,
        # Tests trade hash strength for speed; every real environment keeps scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000" if environment == "test" else "scrypt",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": environment == "production",
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": environment == "production",
        **login_throttle(),
        "PROXY_HOPS": proxy_hops(),
        **engine_settings(),
        **mail_settings(),
        **request_limits(),
    }
    config.update({k: v for k, v in overrides.items() if k != "SQLALCHEMY_DATABASE_URI"})
    return config
