"""Warning letters by e-mail: one message, in French then in English, with the letter's PDF
attached, sent through the SMTP server the settings name (``LOGO_CHECK_SMTP_*``).

The message is built by the standard library's :mod:`email` (which refuses line breaks in header
values: an address cannot smuggle a header) and sent by :mod:`smtplib`, secured by STARTTLS (the
default), TLS from the start, or not at all for a relay on the same machine. Sending is part of the
reviewer's request and waits for the server's answer, at most ``SMTP_TIMEOUT`` seconds: a letter is
marked sent only once the server has accepted it.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

#: An address a partner can be written to: one mailbox, no display name, no white space (the
#: admin types it; a typing error should be refused, not sent to).
ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
#: Longest address (RFC 5321's path limit).
MAX_ADDRESS = 254


class MailError(Exception):
    """The server could not be reached or refused the message; ``reason`` in its own words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Letter:
    """What the message says and carries."""

    to: str
    subject: str
    body: str
    pdf: bytes
    filename: str


def valid_address(value: str) -> bool:
    return len(value) <= MAX_ADDRESS and ADDRESS.match(value) is not None


def configured(config: Any) -> bool:
    """Whether letters can be e-mailed with these settings."""
    return bool(config.get("SMTP_HOST"))


def message(letter: Letter, sender: str) -> EmailMessage:
    out = EmailMessage()
    out["From"] = sender
    out["To"] = letter.to
    out["Subject"] = letter.subject
    out["Date"] = formatdate(localtime=True)
    out["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    out.set_content(letter.body)
    out.add_attachment(letter.pdf, maintype="application", subtype="pdf", filename=letter.filename)
    return out


def send(letter: Letter, config: Any) -> None:
    """Send ``letter``; raises :class:`MailError` with the reason when it is not accepted."""
    host, port, mode = config["SMTP_HOST"], int(config["SMTP_PORT"]), config["SMTP_TLS"]
    timeout = float(config["SMTP_TIMEOUT"])
    try:
        if mode == "tls":
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        with server:
            if mode == "starttls":
                server.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USER"):
                server.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
            server.send_message(message(letter, config["MAIL_FROM"]))
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(_reason(exc)) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()[:200]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipient refused"
    return (str(getattr(exc, "strerror", None) or exc) or type(exc).__name__).splitlines()[0][:200]
