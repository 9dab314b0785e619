"""A real SMTP server (aiosmtpd in this process) for the notification tests."""

import pytest
from aiosmtpd.controller import Controller

from tests.smtp import Inbox, free_port


@pytest.fixture
def smtp():
    """`smtp(port)` starts an SMTP server on that port (a free one by default) and gives it
    with what it received; each is stopped after the test."""
    started = []

    def start(port: int | None = None) -> tuple[Controller, Inbox]:
        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
        server.start()
        started.append(server)
        return server, inbox

    yield start
    for server in started:
        server.stop()
