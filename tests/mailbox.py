"""A local SMTP server (aiosmtpd) that keeps what it receives, for tests of invitations and resets."""

from __future__ import annotations

import re
import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import Message

from aiosmtpd.controller import Controller


class Mailbox:
    """Messages received, oldest first."""

    def __init__(self):
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def links(self, path: str) -> list[str]:
        """Links to ``path`` (e.g. "/invite/") found in the messages, oldest first."""
        found = []
        for message in self.messages:
            found += re.findall(rf"https?://\S+{re.escape(path)}\S+", message.get_content())
        return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server():
    """Yield (mailbox, port) of an SMTP server listening on 127.0.0.1 for the duration."""
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
