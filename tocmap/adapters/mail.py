"""Sending mail over SMTP, with the TOCMAP_SMTP_... settings (host, port, user, password, from, tls).

Without ``TOCMAP_SMTP_HOST`` nothing is sent: :func:`configured` says so, and reminders stay
in the app and the calendar feed.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from tocmap.domain.errors import InvalidInput, TocmapError
from tocmap.settings import Settings

TLS_MODES = ("starttls", "ssl", "none")


class MailNotSent(TocmapError):
    """The mail server refused or could not be reached."""

    status = 502


def configured(settings: Settings) -> bool:
    """Whether a mail server is set (TOCMAP_SMTP_HOST)."""
    return bool(settings.smtp_host)


def send(settings: Settings, to: str, subject: str, text: str) -> None:
    """Send one plain-text message; :class:`MailNotSent` says why when it does not go."""
    if settings.smtp_tls not in TLS_MODES:
        raise InvalidInput(f"TOCMAP_SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {settings.smtp_tls!r}.")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.smtp_from, to, subject
    message.set_content(text)
    try:
        if settings.smtp_tls == "ssl":
            server = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=20,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20)
        with server:
            if settings.smtp_tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                server.login(settings.smtp_user, settings.smtp_password or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailNotSent(f"The mail to {to} was not sent: {error}") from None
