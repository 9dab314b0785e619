"""The production server as `make serve` starts it: gunicorn with the repository's settings
answers, logs each request, and the app refuses what production must not run with."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.real_commits  # the server reads the database from its own processes


def _get(url: str, deadline: float) -> int:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _serve(app, **env) -> subprocess.Popen:
    settings = {**os.environ, "ESCALATIONS_ENV": "production", "SECRET_KEY": "s" * 40,
                "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "WEB_WORKERS": "2",
                "ENGINE_WORKERS": "1", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py",
         "webapp:create_app()"], cwd=ROOT, env=settings, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)


def test_gunicorn__serves_the_app_and_logs_each_request(app):
    port = free_port()
    server = _serve(app, PORT=str(port))
    try:
        assert _get(f"http://127.0.0.1:{port}/login", time.monotonic() + 30) == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Booting worker" in output and "gthread" in output
    assert '"GET /login HTTP/1.1" 200' in output


def test_gunicorn__will_not_start_with_a_short_secret_key(app):
    server = _serve(app, PORT=str(free_port()), SECRET_KEY="short")
    output = server.communicate(timeout=60)[0]
    assert server.returncode != 0
    assert "SECRET_KEY must be set to at least 32 bytes" in output
