"""The application factory and its configuration."""

import importlib
import pkgutil

import pytest

import webapp
from webapp import create_app
from webapp.common.hooks import Hook
from webapp.config import ConfigError, database_url


def test_create_app__registers_every_domain(app):
    assert {"auth", "home", "cases", "accounts", "admin"} <= set(app.blueprints)
    assert app.config["ENVIRONMENT"] == "test"


def test_create_app__production_without_secret_key_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ESCALATIONS_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                    "INSTANCE_PATH": str(tmp_path)})


@pytest.mark.parametrize("key", ["x", "a" * 31])
def test_create_app__production_with_a_short_secret_key_is_refused(monkeypatch, tmp_path, key):
    monkeypatch.setenv("SECRET_KEY", key)
    monkeypatch.setenv("ESCALATIONS_ENV", "production")
    with pytest.raises(ConfigError, match="at least 32 bytes.*secrets.token_hex"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                    "INSTANCE_PATH": str(tmp_path)})


@pytest.mark.parametrize("debug", ["1", "true"])
def test_create_app__production_in_debug_mode_is_refused(monkeypatch, tmp_path, debug):
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("ESCALATIONS_ENV", "production")
    monkeypatch.setenv("FLASK_DEBUG", debug)
    with pytest.raises(ConfigError, match="FLASK_DEBUG is refused.*debugger console"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                    "INSTANCE_PATH": str(tmp_path)})


def test_create_app__production_with_a_long_key_and_no_debug_starts(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("ESCALATIONS_ENV", "production")
    monkeypatch.setenv("FLASK_DEBUG", "0")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                      "INSTANCE_PATH": str(tmp_path)})
    assert app.config["ENVIRONMENT"] == "production" and not app.debug


def test_create_app__demo_generates_a_secret_key_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ESCALATIONS_ENV", "demo")
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                "INSTANCE_PATH": str(tmp_path)}
    first = create_app(settings)
    second = create_app(settings)
    assert (tmp_path / "secret_key").read_text() == first.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]


def test_create_app__unknown_environment_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("ESCALATIONS_ENV", "staging")
    with pytest.raises(ConfigError, match="must be one of"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        (None, "sqlite:////inst/escalations.db"),
    ],
)
def test_database_url__selects_psycopg_and_defaults_to_sqlite(raw, expected):
    assert database_url(raw, "/inst") == expected


def test_create_app__answers_every_hook(app):
    modules = [importlib.import_module(info.name)
               for info in pkgutil.walk_packages(webapp.__path__, "webapp.")]
    hooks = [value for module in modules for value in vars(module).values()
             if isinstance(value, Hook)]
    assert hooks
    assert [hook for hook in hooks if hook._function is None] == []


def test_hook__unanswered_says_who_answers_it():
    hook = Hook("cases.example")
    with pytest.raises(RuntimeError, match="Nothing answers the hook cases.example"):
        hook()
