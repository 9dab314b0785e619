"""A real SMTP server in this process (aiosmtpd), for the mail tests and the mail benchmark."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy


class Inbox:
    """An SMTP handler that keeps every message it is given, with its recipients."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(
            envelope.original_content, policy=policy.default)))
        return "250 OK"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_config(app, port: int, **changes) -> dict:
    """The app's settings pointed at a local SMTP server on `port`."""
    return {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port,
            "BASE_URL": "https://esc.example.com", **changes}
