"""The production server under load: simulated users with a realistic mix against gunicorn (as
`make serve` starts it) on PostgreSQL, with the worker beside it; prints throughput, errors and
response-time percentiles per kind of request and in total.

Run: .venv/bin/python bench/load.py --database-url postgresql://postgres@127.0.0.1:5432/test
     [--users 50] [--seconds 60] [--spawn-rate 10]
Makes a schema of its own in that database (dropped afterwards), loads the demo data into it and
serves it with deploy/gunicorn.conf.py over HTTPS (a throwaway self-signed certificate made with
openssl: production cookies are Secure, so a client on plain HTTP would lose its session).
The users log in through the login form and then mostly
read (case and escalation lists and pages, their notifications, My approvals, the JSON API) and
sometimes write (a work note on an escalation, an escalation requested, an approval decided), in
the proportions of a support team's day.
"""

from __future__ import annotations

# ruff: noqa: I001 (locust comes first: importing it patches the standard library for gevent)
import locust
import argparse
import os
import random
import re
import secrets
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import gevent
import sqlalchemy as sa
import urllib3
from locust import HttpUser, between, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.databases import fresh_database  # noqa: E402
from tests.smtp import free_port  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
AGENTS = ["alice", "grace", "henry", "carol"]
SAMPLE: dict[str, list[str]] = {}  # numbers of cases and open escalations, read before the run


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


class Person(HttpUser):
    """Someone logged in through the form, with a session cookie from then on."""

    abstract = True
    wait_time = between(1, 3)
    username = "alice"

    def on_start(self) -> None:
        self.client.verify = False  # the throwaway certificate
        # As a browser does on the same origin: Flask-WTF checks it on HTTPS.
        self.client.headers["Referer"] = f"{self.host}/"
        page = self.client.get("/login", name="/login")
        self.client.post("/login", name="/login [post]", allow_redirects=False, data={
            "csrf_token": _csrf(page.text), "username": self.username, "password": "demo"})


class Agent(Person):
    """Works cases and case escalations: mostly reading, a work note now and then."""

    weight = 6

    def on_start(self) -> None:
        self.username = random.choice(AGENTS)
        super().on_start()

    @task(5)
    def case_list(self) -> None:
        self.client.get("/cases/", name="/cases/")

    @task(3)
    def case_page(self) -> None:
        self.client.get(f"/cases/{random.choice(SAMPLE['cases'])}", name="/cases/<number>")

    @task(3)
    def escalation_list(self) -> None:
        self.client.get("/escalations/?open=1", name="/escalations/?open=1")

    @task(3)
    def escalation_page(self) -> None:
        if SAMPLE["escalations"]:
            number = random.choice(SAMPLE["escalations"])
            self.client.get(f"/escalations/{number}", name="/escalations/<number>")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(1)
    def notifications(self) -> None:
        self.client.get("/notifications/", name="/notifications/")

    @task(1)
    def work_note(self) -> None:
        if not SAMPLE["escalations"]:
            return
        number = random.choice(SAMPLE["escalations"])
        page = self.client.get(f"/escalations/{number}", name="/escalations/<number>")
        self.client.post(f"/escalations/{number}/notes", name="/escalations/<number>/notes",
                         allow_redirects=False,
                         data={"csrf_token": _csrf(page.text), "kind": "work_note",
                               "text": "Called the customer; waiting for their logs."})

    @task(1)
    def api_escalations(self) -> None:
        self.client.get("/api/escalations?state=escalated", name="/api/escalations",
                        auth=(self.username, "demo"))


class Approver(Person):
    """Decides approvals from My approvals."""

    weight = 2
    username = "bob"

    @task(4)
    def inbox(self) -> None:
        self.client.get("/tasks/", name="/tasks/")

    @task(1)
    def decide(self) -> None:
        inbox = self.client.get("/tasks/", name="/tasks/")
        ids = re.findall(r'href="/tasks/(\d+)"', inbox.text)
        if not ids:
            return
        task_id = random.choice(ids)
        form = self.client.get(f"/tasks/{task_id}", name="/tasks/<id>")
        with self.client.post(f"/tasks/{task_id}", name="/tasks/<id> [decide]",
                              allow_redirects=False, catch_response=True, data={
                                  "csrf_token": _csrf(form.text), "decision": "approve"}) as sent:
            if sent.status_code == 409:  # another approver decided it first: an answer
                sent.success()


class Requester(Person):
    """Asks for escalations now and then, through the form."""

    weight = 1
    username = "alice"

    @task
    def request(self) -> None:
        if not SAMPLE["free_cases"]:
            return
        number = SAMPLE["free_cases"].pop()  # a case nobody escalated yet
        url = f"/escalations/new/case/{number}"
        form = self.client.get(url, name="/escalations/new/case/<number>")
        if "csrf_token" not in form.text:
            return
        self.client.post(url, name="/escalations/new/case/<number> [post]",
                         allow_redirects=False, data={
                             "csrf_token": _csrf(form.text), "request_source": "customer",
                             "reason": "inactivity", "severity": "High Severity",
                             "justification": "Customer waiting for days"})


def _sample(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        SAMPLE["cases"] = list(connection.scalars(sa.text(
            "SELECT number FROM \"case\" ORDER BY id LIMIT 200")))
        SAMPLE["free_cases"] = list(connection.scalars(sa.text(
            "SELECT number FROM \"case\" WHERE id NOT IN (SELECT case_id FROM escalation "
            "WHERE case_id IS NOT NULL) AND state IN ('new', 'open', 'awaiting_info') "
            "ORDER BY id")))
        SAMPLE["escalations"] = list(connection.scalars(sa.text(
            "SELECT number FROM escalation WHERE state = 'escalated' ORDER BY id LIMIT 50")))
    engine.dispose()


def _wait_for(url: str, deadline: float) -> None:
    unchecked = ssl.create_default_context()
    unchecked.check_hostname, unchecked.verify_mode = False, ssl.CERT_NONE
    while True:
        try:
            urllib.request.urlopen(url, timeout=2, context=unchecked).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _report(env: Environment, seconds: float) -> None:
    print(f"\n{'request':<34} {'count':>7} {'errors':>6} {'req/s':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    rows = sorted((s for s in env.stats.entries.values() if s.num_requests),
                  key=lambda s: -s.num_requests)
    for stats in [*rows, env.stats.total]:
        label = "total" if stats is env.stats.total else f"{stats.method} {stats.name}"
        print(f"{label[:34]:<34} {stats.num_requests:>7} {stats.num_failures:>6} "
              f"{stats.num_requests / seconds:>7.1f} "
              f"{stats.get_response_time_percentile(0.5):>7.0f} "
              f"{stats.get_response_time_percentile(0.95):>7.0f} "
              f"{stats.get_response_time_percentile(0.99):>7.0f}")
    for error in env.stats.errors.values():
        print(f"error x{error.occurrences}: {error.method} {error.name}: {error.error}")


def _certificate(folder: Path) -> list[str]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return ["--certfile", str(cert), "--keyfile", str(key)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--spawn-rate", type=float, default=10)
    args = parser.parse_args()
    os.environ["TEST_DATABASE_URL"] = args.database_url
    port = free_port()
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    with tempfile.TemporaryDirectory() as folder, \
            fresh_database("postgresql", Path(folder)) as url:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
               "PORT": str(port), "FLASK_DEBUG": "0"}
        flask = [sys.executable, "-m", "flask", "--app", "webapp"]
        for command in (["db", "upgrade"], ["seed-demo"]):
            subprocess.run([*flask, *command], cwd=ROOT, env={**env, "ESCALATIONS_ENV": "demo"},
                           check=True, capture_output=True)
        production = {**env, "ESCALATIONS_ENV": "production"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py",
             *_certificate(Path(folder)), "webapp:create_app()"], cwd=ROOT, env=production,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        worker = subprocess.Popen([*flask, "worker"], cwd=ROOT, env=production,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"https://127.0.0.1:{port}"
            _wait_for(f"{base}/login", time.monotonic() + 60)
            _sample(url)
            environment = Environment(user_classes=[Agent, Approver, Requester], host=base)
            runner = environment.create_local_runner()
            runner.start(args.users, spawn_rate=args.spawn_rate)
            # Measured once everyone is in: the log-ins (a password hash each) are the ramp.
            gevent.sleep(args.users / args.spawn_rate + 5)
            environment.stats.reset_all()
            started = time.monotonic()
            gevent.sleep(args.seconds)
            runner.quit()
            elapsed = time.monotonic() - started
            print(f"{args.users} users for {elapsed:.0f} s (after all logged in) against "
                  "gunicorn (deploy/gunicorn.conf.py) on PostgreSQL, worker running beside it")
            _report(environment, elapsed)
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=30)
    assert locust  # imported first for its patching


if __name__ == "__main__":
    main()
