"""Sending email through an SMTP server (invitations, password resets), with the standard library."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from tocmap.domain.errors import TocmapError
from tocmap.i18n import N_, _

LOG = logging.getLogger("tocmap.mail")


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
            LOG.warning("mail not sent to=%s why=%r", to, error)  # the operator sees the server's own words
            raise MailNotSent(_("The email to {address} could not be sent ({problem}); copy the link and send it "
                                "yourself.", address=to, problem=what_went_wrong(error))) from None


#: What each mail-server failure means for the person who asked for the email (most specific first).
MAIL_PROBLEMS: tuple[tuple[type[Exception], str], ...] = (
    (smtplib.SMTPRecipientsRefused, N_("the mail server refused this address")),
    (smtplib.SMTPSenderRefused, N_("the mail server refused tocmap's sender address")),
    (smtplib.SMTPAuthenticationError, N_("the mail server refused tocmap's user name or password")),
    (smtplib.SMTPNotSupportedError, N_("the mail server does not offer what tocmap asked of it (STARTTLS or login)")),
    (smtplib.SMTPServerDisconnected, N_("the mail server closed the connection")),
    (smtplib.SMTPConnectError, N_("the mail server could not be reached")),
    (smtplib.SMTPDataError, N_("the mail server refused the message")),
    (smtplib.SMTPException, N_("the mail server refused the message")),
    (ssl.SSLError, N_("a secure connection to the mail server could not be made")),
    (TimeoutError, N_("the mail server did not answer in time")),
    (OSError, N_("the mail server could not be reached")),
)


def what_went_wrong(error: Exception) -> str:
    """A mail-server failure as the reader would say it (never a Python class name).

    Examples
    --------
    >>> what_went_wrong(smtplib.SMTPRecipientsRefused({"a@b.c": (550, b"No such user")}))
    'the mail server refused this address'
    >>> what_went_wrong(ConnectionRefusedError(111, "Connection refused"))
    'the mail server could not be reached'
    """
    return next(_(said) for kind, said in MAIL_PROBLEMS if isinstance(error, kind))


class MailNotSent(TocmapError):
    """The mail server could not be reached or refused the message."""

    status = 502
