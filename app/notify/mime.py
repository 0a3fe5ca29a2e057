"""The e-mail channel's settings and the MIME message it sends (stdlib ``email`` only).

Kept apart from ``mail.py`` (the SMTP conversation) so the message can be built, previewed
and tested without a server. The module is not called ``email.py``: inside ``app.notify``
that name would only confuse readers next to the stdlib ``email`` package used here.

What a message looks like (RFC 5322 / 2045-2049 / 2047 / 2231):

* ``From`` with the display name (encoded words when Chinese), ``To``, ``Date``, ``Subject``
  (UTF-8 encoded words), ``Message-ID`` derived from the outbox key, so that a message sent
  again after a crash carries the same id and the recipient's mail program shows one;
* a text/plain part (UTF-8), and a text/html alternative when the message has one;
* attachments (the statement or receipt PDF) in a multipart/mixed around them, file names
  encoded by RFC 2231 when they are Chinese.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

from app.i18n import tr
from app.notify.channel import Message, SendError
from app.security.keystore import SMTP_PASSWORD

SECURITY = ("none", "starttls", "ssl")
# the usual port of each security: 25 (plain), 587 (submission + STARTTLS), 465 (SSL)
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}

# An address we send to: ASCII local part and domain (no SMTPUTF8), no spaces or line
# breaks (a header cannot be smuggled in through the address).
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class SmtpSettings:
    """How this office sends e-mail. The password is not here: it lives in the keyring or
    the encrypted keystore under ``password_secret`` (``app.security.keystore``)."""

    host: str
    port: int = 0  # 0: the usual port of ``security``
    security: str = "starttls"  # none | starttls | ssl
    user: str = ""  # empty: no login (an office relay that trusts the desk's address)
    password_secret: str = SMTP_PASSWORD
    from_address: str = ""  # empty: the user
    from_name: str = ""  # the display name, e.g. 某某物业管理处
    timeout: float = 30.0  # seconds for the connection and each answer
    ca_file: str = ""  # a certificate authority to trust besides the system's (own CA)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> SmtpSettings:
        """Settings from stored ``notify.smtp.*`` values or the CLI's options (unknown keys
        are ignored; numbers may come as text)."""
        known = {f.name for f in fields(cls)}
        kept: dict[str, object] = {k: v for k, v in values.items() if k in known and v is not None}
        if "port" in kept:
            kept["port"] = int(str(kept["port"]) or 0)
        if "timeout" in kept:
            kept["timeout"] = float(str(kept["timeout"]))
        return cls(**kept)  # type: ignore[arg-type]

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS.get(self.security, 25)

    @property
    def sender(self) -> str:
        return self.from_address or self.user

    def validate(self) -> None:
        """``SendError("config")`` naming what is missing or wrong, before any connection."""
        if not self.host.strip():
            raise SendError("config", tr("No mail server (SMTP host) is set."))
        if self.security not in SECURITY:
            raise SendError(
                "config",
                tr(
                    "The mail security must be none, starttls or ssl, not {value!r}.",
                    value=self.security,
                ),
            )
        if not 0 <= self.port <= 65535:
            raise SendError(
                "config", tr("The mail server port {port} is not valid.", port=self.port)
            )
        if not self.sender:
            raise SendError("config", tr("No sender address (From) is set for e-mail."))
        if not valid_address(self.sender):
            raise SendError(
                "config",
                tr(
                    "The sender address {address} is not a valid e-mail address.",
                    address=self.sender,
                ),
            )
        if self.timeout <= 0:
            raise SendError("config", tr("The mail timeout must be more than 0 seconds."))
        if self.ca_file and not Path(self.ca_file).is_file():
            raise SendError(
                "config",
                tr("The CA file {path} for the mail server does not exist.", path=self.ca_file),
            )


def valid_address(address: str) -> bool:
    """A plain ``local@domain.tld`` address we can put in an envelope and a header."""
    return bool(_ADDRESS.match(address)) and len(address) <= 254


def check_recipient(address: str) -> None:
    """``SendError("bad_address")`` for an address that cannot be sent to; never retried."""
    if not valid_address(address):
        raise SendError(
            "bad_address",
            tr(
                "Cannot send e-mail to {address}: it is not a valid e-mail address.",
                address=address,
            ),
        )


def message_id(key: str, sender: str) -> str:
    """A Message-ID that depends only on the outbox key and the sender's domain, so a resend
    of the same row carries the same id (``<wattdesk.outbox-17.1a2b3c4d5e6f@domain>``).
    Without a key (a test message) a fresh random id."""
    domain = sender.rpartition("@")[2] or "wattdesk.invalid"
    if not key:
        return make_msgid("wattdesk", domain=domain)
    readable = re.sub(r"[^A-Za-z0-9.-]+", "-", key).strip("-.")[:40] or "message"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return f"<wattdesk.{readable}.{digest}@{domain}>"


def build_message(
    settings: SmtpSettings, message: Message, *, now: datetime | None = None
) -> EmailMessage:
    """The MIME message for ``message``: headers, the text part, the HTML alternative and
    the attachments. The caller checked the recipient (``check_recipient``)."""
    mail = EmailMessage()
    local, _, domain = settings.sender.partition("@")
    mail["From"] = Address(settings.from_name, local, domain)
    mail["To"] = message.to
    if message.subject:
        mail["Subject"] = re.sub(r"\s*[\r\n]+\s*", " ", message.subject)  # one line, always
    mail["Date"] = format_datetime((now or datetime.now()).astimezone())
    mail["Message-ID"] = message_id(message.key, settings.sender)
    mail["X-Mailer"] = "WattDesk"
    # base64, not 8bit: the server did not promise 8BITMIME, and Chinese is shorter so
    text_cte = "base64" if not message.text.isascii() else "7bit"
    mail.set_content(message.text, subtype="plain", charset="utf-8", cte=text_cte)
    if message.html is not None:
        html_cte = "base64" if not message.html.isascii() else "7bit"
        mail.add_alternative(message.html, subtype="html", charset="utf-8", cte=html_cte)
    for item in message.attachments:
        maintype, _, subtype = item.mime.partition("/")
        mail.add_attachment(
            item.content,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=item.filename,
        )
    return mail


def wire_bytes(mail: EmailMessage) -> bytes:
    """The message as it goes after DATA: CRLF line ends, 7-bit headers (encoded words),
    lines starting with a dot doubled, ended by ``CRLF . CRLF`` (RFC 5321 4.5.2)."""
    data = mail.as_bytes(policy=SMTP)
    data = re.sub(rb"\r\n|\n|\r(?!\n)", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


__all__ = [
    "DEFAULT_PORTS",
    "SECURITY",
    "SmtpSettings",
    "build_message",
    "check_recipient",
    "message_id",
    "valid_address",
    "wire_bytes",
]
