"""A local SMTP server (aiosmtpd) on a free port that keeps the messages it receives, for tests."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage as Message

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self, messages: list[Message]):
        self.messages = messages

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                        policy=email.policy.default))
        return "250 Message accepted"


class Mailbox:
    """``with Mailbox() as box:`` a server at 127.0.0.1:``box.port``; ``box.messages`` holds what arrived."""

    def __init__(self):
        self.messages: list[Message] = []
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self._controller = Controller(_Keep(self.messages), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Mailbox:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
