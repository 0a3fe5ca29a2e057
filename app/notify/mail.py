"""E-mail through the office's SMTP server (stdlib ``smtplib``): the "email" channel.

The conversation is driven step by step (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA) rather than
with ``smtplib.sendmail`` because the outbox must know *where* a failure happened:

* before the end of the message was written (connect, TLS, login, MAIL, RCPT, the DATA
  command, or writing the message itself) the server cannot have accepted the message: an
  unfinished DATA transaction is discarded (RFC 5321 4.1.1.4), so trying again is safe;
* after the final ``CRLF . CRLF`` went out and before the ``250`` came back (the link
  dropped, the answer timed out) the server may have queued it: ``SendError(maybe_sent=True)``
  and the outbox reports "may have been sent" instead of sending it again. The Message-ID
  comes from the outbox key (``mime.message_id``), so even a deliberate resend shows as the
  same message to the recipient's mail program.

Replies map to ``channel.CODES``: 535 and other refused logins ``auth_refused``; a 5xx on
the recipient ``refused`` (never retried); 4xx (greylisting, 421 closing, 451 local error)
retryable; 552 size ``too_long``; refused connections, DNS and timeouts ``connection`` or
``timeout`` (retryable); certificate and TLS failures ``connection`` (not retryable: the
setting or the certificate must change).

The channel keeps its connection between messages (a stale one is replaced once, while
nothing was sent yet) and drops it after any failure.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass

from app.i18n import tr
from app.notify.channel import (
    Attachment,
    ChannelStatus,
    Message,
    SendError,
    SendResult,
    register,
)
from app.notify.mime import SmtpSettings, build_message, check_recipient, wire_bytes
from app.security.keystore import get_secret
from app.security.permissions import SecurityError

# ESMTP keywords worth showing after a check, in this order
_SHOWN = ("starttls", "auth", "size", "8bitmime", "smtputf8", "pipelining", "chunking")


@dataclass
class _Where:
    """How far the conversation got: decides between "not sent" and "may have been sent"."""

    step: str = "connect"  # connect, greeting, tls, login, envelope, content, reply

    @property
    def handed_over(self) -> bool:
        return self.step == "reply"


class SmtpChannel:
    """Sends ``Message`` objects as e-mail; one thread at a time (the sender's)."""

    kind = "email"

    def __init__(self, settings: SmtpSettings, *, password: str | None = None) -> None:
        """``password`` is for callers that just asked for it (the CLI's prompt); otherwise
        it is read from the keyring or keystore under ``settings.password_secret``."""
        self.settings = settings
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    # ---------------------------------------------------------------- the protocol

    def send(self, message: Message) -> SendResult:
        self.settings.validate()
        check_recipient(message.to)
        mail = build_message(self.settings, message)
        payload = wire_bytes(mail)
        reused = self._smtp is not None
        try:
            try:
                reply = self._transfer(self._connection(), message.to, payload, reused=reused)
            except _Stale:  # the server closed the kept connection; nothing was sent
                self._drop()
                reply = self._transfer(self._connection(), message.to, payload, reused=False)
        except SendError as exc:  # a broken or silent link gets no QUIT (no second wait)
            self._drop(polite=exc.code not in ("connection", "timeout"))
            raise
        return SendResult(reference=reply, detail=f"Message-ID {mail['Message-ID']}")

    def check(self) -> ChannelStatus:
        """Connect, EHLO, STARTTLS and log in as configured, say what the server offers;
        no message is sent. Never raises: a failure is a status that is not ready."""
        self._drop()
        try:
            self.settings.validate()
            smtp = self._connection()
        except SendError as exc:
            return ChannelStatus(False, exc.text, {"code": exc.code, "retryable": exc.retryable})
        try:
            return self._status(smtp)
        finally:
            self._drop()

    def close(self) -> None:
        self._drop()

    # ---------------------------------------------------------------- connection

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = self._connect()
        return self._smtp

    def _drop(self, *, polite: bool = True) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        if polite:
            try:
                smtp.quit()
                return
            except (smtplib.SMTPException, OSError):
                pass
        smtp.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        where = _Where()
        smtp: smtplib.SMTP | None = None
        try:
            context = self._tls_context() if s.security != "none" else None
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    s.host, s.effective_port, timeout=s.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.effective_port, timeout=s.timeout)
            where.step = "greeting"
            self._hello(smtp)
            if s.security == "starttls":
                self._starttls(smtp, context, where)
            if s.user:
                where.step = "login"
                self._login(smtp)
        except SendError:
            _close_quietly(smtp)
            raise
        except (smtplib.SMTPException, OSError) as exc:
            _close_quietly(smtp)
            raise self._failure(exc, where) from exc
        return smtp

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.settings.ca_file:
            context.load_verify_locations(cafile=self.settings.ca_file)
        return context

    def _hello(self, smtp: smtplib.SMTP) -> None:
        code, reply = smtp.ehlo()
        if code != 250:
            code, reply = smtp.helo()
            if code != 250:
                raise smtplib.SMTPHeloError(code, reply)

    def _starttls(self, smtp: smtplib.SMTP, context: ssl.SSLContext | None, where: _Where) -> None:
        if not smtp.has_extn("starttls"):
            raise SendError(
                "config",
                tr(
                    "The mail server {host}:{port} does not offer STARTTLS; choose SSL or no "
                    "encryption as its administrator advises.",
                    host=self.settings.host,
                    port=self.settings.effective_port,
                ),
            )
        where.step = "tls"
        smtp.starttls(context=context)
        where.step = "greeting"
        self._hello(smtp)

    def _login(self, smtp: smtplib.SMTP) -> None:
        s = self.settings
        if not smtp.has_extn("auth"):
            raise SendError(
                "config",
                tr(
                    "The mail server {host}:{port} offers no login (AUTH) on this connection: "
                    "choose STARTTLS or SSL, or leave the mail user empty.",
                    host=s.host,
                    port=s.effective_port,
                ),
            )
        smtp.login(s.user, self._secret())

    def _secret(self) -> str:
        if self._password:
            return self._password
        try:
            password = get_secret(self.settings.password_secret)
        except SecurityError as exc:
            raise SendError("config", str(exc)) from exc
        if not password:
            raise SendError(
                "config",
                tr(
                    "No password is stored for the mail user {user}: enter it in Settings → "
                    "Messages.",
                    user=self.settings.user,
                ),
            )
        return password

    # ---------------------------------------------------------------- one message

    def _transfer(self, smtp: smtplib.SMTP, to: str, payload: bytes, *, reused: bool) -> str:
        """MAIL, RCPT, DATA, the message and the final answer; the server's reply text.
        ``reused``: a connection kept from an earlier message (it may have gone stale)."""
        where = _Where("envelope")
        try:
            code, reply = smtp.mail(self.settings.sender)
            if code == 421 and reused:  # "closing: idle too long", said at our next word
                raise _Stale(smtplib.SMTPResponseException(code, reply))
            if code != 250:
                raise self._refused(code, reply, "sender", self.settings.sender)
            code, reply = smtp.rcpt(to)
            if code not in (250, 251):
                raise self._refused(code, reply, "recipient", to)
            code, reply = smtp.docmd("DATA")
            if code != 354:
                raise self._refused(code, reply, "message", to)
            where.step = "content"
            smtp.send(payload)
            where.step = "reply"
            code, reply = smtp.getreply()
        except SendError:
            raise
        except smtplib.SMTPServerDisconnected as exc:
            if reused and where.step == "envelope":
                raise _Stale(exc) from exc
            raise self._broken(exc, where) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise self._broken(exc, where) from exc
        if code != 250:
            raise self._refused(code, reply, "message", to)
        return f"{code} {_text(reply)}"

    # ---------------------------------------------------------------- errors

    def _failure(self, exc: BaseException, where: _Where) -> SendError:
        """A failure while connecting, greeting, securing or logging in."""
        s = self.settings
        place = {"host": s.host, "port": s.effective_port}
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return SendError(
                "auth_refused",
                tr(
                    "The mail server refused the login of {user}: {reply}. Check the user and "
                    "the password (163 and QQ mail want the authorisation code, not the web "
                    "password).",
                    user=s.user,
                    reply=_reply(exc.smtp_code, exc.smtp_error),
                ),
                data={"smtp_code": exc.smtp_code},
            )
        if isinstance(exc, smtplib.SMTPNotSupportedError) or (
            where.step == "login" and type(exc) is smtplib.SMTPException
        ):
            return SendError(
                "config",
                tr(
                    "The mail server {host}:{port} cannot log in {user} this way: {error}.",
                    user=s.user,
                    error=exc,
                    **place,
                ),
            )
        tls_failed = where.step == "tls" and not isinstance(exc, smtplib.SMTPResponseException)
        if isinstance(exc, ssl.SSLError) or tls_failed:
            return SendError(
                "connection",
                tr(
                    "The secure connection (TLS) to {host}:{port} failed: {error}. Check the "
                    "security setting (SSL on port 465, STARTTLS on 587) and the server's "
                    "certificate.",
                    error=_why(exc),
                    **place,
                ),
                data={"tls": True},
            )
        if isinstance(exc, smtplib.SMTPResponseException):
            return self._refused(exc.smtp_code, exc.smtp_error, "connection", "")
        return self._broken(exc, where)

    def _broken(self, exc: BaseException, where: _Where) -> SendError:
        """The link failed: refused, unknown host, timeout, dropped. After the message was
        handed over: may have been sent."""
        s = self.settings
        place = {"host": s.host, "port": s.effective_port}
        timed_out = isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)
        if where.handed_over:
            return SendError(
                "timeout" if timed_out else "connection",
                tr(
                    "The connection to the mail server {host}:{port} broke after the message was "
                    "handed over, before the server confirmed it: the message may have been "
                    "sent. Look in the recipient's mailbox before sending it again.",
                    **place,
                ),
                maybe_sent=True,
            )
        if timed_out:
            return SendError(
                "timeout",
                tr(
                    "The mail server {host}:{port} did not answer within {seconds} s.",
                    seconds=f"{s.timeout:g}",
                    **place,
                ),
                retryable=True,
            )
        if isinstance(exc, socket.gaierror):
            return SendError(
                "connection",
                tr(
                    "The mail server name {host} could not be found (DNS): check the name and "
                    "the network.",
                    host=s.host,
                ),
                retryable=True,
            )
        if isinstance(exc, ConnectionRefusedError):
            return SendError(
                "connection",
                tr(
                    "The mail server {host}:{port} refused the connection: check the host and "
                    "the port.",
                    **place,
                ),
                retryable=True,
            )
        return SendError(
            "connection",
            tr(
                "The connection to the mail server {host}:{port} failed: {error}.",
                error=_why(exc),
                **place,
            ),
            retryable=True,
        )

    def _refused(self, code: int, reply: bytes | str, what: str, address: str) -> SendError:
        """A reply other than the expected one: 4xx try later, 5xx refused."""
        said = _reply(code, reply)
        data = {"smtp_code": code}
        if 400 <= code < 500:
            lowered = said.lower()
            limited = any(w in lowered for w in ("rate", "limit", "too many", "frequen"))
            return SendError(
                "rate_limited" if limited else ("connection" if code == 421 else "refused"),
                tr("The mail server is busy or asks to try later: {reply}.", reply=said),
                retryable=True,
                data=data,
            )
        if what == "connection":
            text = tr(
                "The mail server {host}:{port} refused the connection: {reply}.",
                host=self.settings.host,
                port=self.settings.effective_port,
                reply=said,
            )
        elif what == "recipient":
            text = tr(
                "The mail server refused the recipient {address}: {reply}.",
                address=address,
                reply=said,
            )
        elif what == "sender":
            text = tr(
                "The mail server refused the sender {address}: {reply}. The sender must usually "
                "be the mail user's own address.",
                address=address,
                reply=said,
            )
        else:
            text = tr("The mail server refused the message: {reply}.", reply=said)
        return SendError("too_long" if code == 552 else "refused", text, data=data)

    def _status(self, smtp: smtplib.SMTP) -> ChannelStatus:
        s = self.settings
        features = [k for k in _SHOWN if smtp.has_extn(k)]
        offered = ", ".join(
            f"{k.upper()} {smtp.esmtp_features[k].strip()}".strip() for k in features
        )
        facts: dict[str, object] = {
            "host": s.host,
            "port": s.effective_port,
            "security": s.security,
            "features": {k: smtp.esmtp_features[k].strip() for k in features},
            "logged_in": bool(s.user),
        }
        sock = smtp.sock
        if isinstance(sock, ssl.SSLSocket):
            facts["tls"] = sock.version()
        security = tr("no encryption") if s.security == "none" else s.security.upper()
        place = {"host": s.host, "port": s.effective_port, "security": security}
        if s.user:
            text = tr(
                "Connected to {host}:{port} ({security}) and logged in as {user}. The server "
                "offers: {features}.",
                user=s.user,
                features=offered or "-",
                **place,
            )
        else:
            text = tr(
                "Connected to {host}:{port} ({security}) without a login. The server offers: "
                "{features}.",
                features=offered or "-",
                **place,
            )
        return ChannelStatus(True, text, facts)


class _Stale(Exception):
    """A kept connection the server had closed, found before anything was sent."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def _close_quietly(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        smtp.close()


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _reply(code: int, reply: bytes | str) -> str:
    return f"{code} {_text(reply)}".strip()


def _why(exc: BaseException) -> str:
    """The most telling words of an OS or TLS error."""
    if isinstance(exc, ssl.SSLError) and exc.reason:
        return str(getattr(exc, "verify_message", "") or exc.reason)
    return str(exc) or type(exc).__name__


def send_email(
    settings: SmtpSettings,
    to: str,
    subject: str,
    text: str,
    attachments: tuple[Attachment, ...] = (),
    *,
    html: str | None = None,
    key: str = "",
    password: str | None = None,
) -> SendResult:
    """One e-mail now, on a connection of its own (the CLI's ``notify send --channel email``
    and the settings' "send a test"). ``SendError`` says why not."""
    channel = SmtpChannel(settings, password=password)
    try:
        return channel.send(
            Message(to=to, text=text, subject=subject, html=html, attachments=attachments, key=key)
        )
    finally:
        channel.close()


__all__ = ["SmtpChannel", "SmtpSettings", "send_email"]


@register("email")
def smtp_channel(**options: object) -> SmtpChannel:
    """The registry's factory (the senders' stored ``notify`` options, the CLI's ``--smtp-*``):
    ``tls`` is the CLI's name for ``security``."""
    if "tls" in options:
        options["security"] = options.pop("tls")
    return SmtpChannel(SmtpSettings.from_mapping(options))
