"""A real SMTP server for the e-mail tests: aiosmtpd on 127.0.0.1 in its own thread, with
STARTTLS or implicit SSL under a self-signed certificate made here, a login check, and
faults a test switches on (refused login, refused recipient, 4xx answers, the connection
cut after the message was received)."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER = "office@example.com"
PASSWORD = "auth-code-2026"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key (PEM files in ``folder``)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "WattDesk test mail server")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "mail-cert.pem", folder / "mail-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the server received and how it misbehaves. Handler hooks run on its thread."""

    messages: list[bytes] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (login, mechanism)
    refuse_login: bool = False
    rcpt_reply: str | None = None  # e.g. "550 5.1.1 no such user"
    mail_reply: str | None = None
    data_reply: str | None = None  # e.g. "451 4.3.0 try later"
    drop_after_data: bool = False  # cut the connection once the message is in, no answer
    drop_at_rcpt: bool = False  # cut the connection at RCPT, before any message text
    transports: list[Any] = field(default_factory=list)  # one per EHLO'd connection
    loop: Any = None  # the server's event loop
    data_seen: threading.Event = field(default_factory=threading.Event)

    # aiosmtpd handler hooks -------------------------------------------------------
    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if server.transport not in self.transports:
            self.transports.append(server.transport)
        return responses

    def hang_up(self) -> None:
        """Close every connection from the server's side (an idle timeout), and return
        once the server stopped reading them."""

        async def close() -> None:
            for transport in self.transports:
                transport.close()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=30)

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.drop_at_rcpt:
            server.transport.abort()
            return "250 never seen"
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(bytes(envelope.content))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.data_seen.set()
        if self.drop_after_data:
            server.transport.abort()  # the link dies before the answer goes out
            return "250 never seen"
        return self.data_reply or "250 2.0.0 Ok: queued as 4F2A9"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login = auth_data.login.decode()
        ok = not self.refuse_login and (login, auth_data.password.decode()) == (USER, PASSWORD)
        if ok:
            self.logins.append((login, mechanism))
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(
    mailbox: Mailbox,
    *,
    security: str = "none",
    cert: tuple[Path, Path] | None = None,
    auth: bool = False,
) -> Iterator[int]:
    """A running server on 127.0.0.1; yields its port. ``security``: none, starttls
    (offered, and required for AUTH) or ssl (implicit TLS from the first byte)."""
    kwargs: dict[str, Any] = {"server_hostname": "mail.test"}
    context = None
    if security != "none":
        assert cert is not None
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*cert)
    if security == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    if security == "ssl":
        kwargs.update(ssl_context=context)
    if auth:
        # implicit SSL is TLS too, but aiosmtpd only counts STARTTLS as TLS for AUTH
        kwargs.update(authenticator=mailbox.authenticate, auth_require_tls=security != "ssl")
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    mailbox.loop = controller.loop
    try:
        yield controller.port
    finally:
        controller.stop()
