"""Sending email through an SMTP server (invitations, password resets), with the standard library."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from tocmap.domain.errors import TocmapError
from tocmap.i18n import _


@dataclass(frozen=True)
class Mailer:
    """An SMTP server and the sender address tocmap writes from."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    sender: str = "tocmap@localhost"
    tls: bool = True
    timeout: float = 10

    @classmethod
    def from_settings(cls, settings) -> Mailer | None:
        """The mailer the settings describe, or None when no mail server is configured."""
        if not settings.smtp_host:
            return None
        return cls(settings.smtp_host, settings.smtp_port, settings.smtp_user, settings.smtp_password,
                   settings.smtp_from, settings.smtp_tls)

    def send(self, to: str, subject: str, text: str) -> None:
        """Send one plain-text email; an unreachable or refusing server is one clear error."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(text)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as server:
                if self.tls:
                    server.starttls(context=ssl.create_default_context())
                if self.user:
                    server.login(self.user, self.password or "")
                server.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailNotSent(_("The email to {address} could not be sent ({problem}); copy the link and send it "
                                "yourself.", address=to, problem=error.__class__.__name__)) from None


class MailNotSent(TocmapError):
    """The mail server could not be reached or refused the message."""

    status = 502
