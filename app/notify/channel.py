"""What every message channel is: a small base, like python-can's bus, and a registry.

A channel sends one ``Message`` and says what happened: ``SendResult`` (sent, with the
reference the far end gave: the modem's message references, the SMTP server's reply, the
gateway's id) or ``SendError`` with a *code* (why, in a word the outbox and the windows
understand), a sentence in the user's language, whether trying again may help, and whether
the message **may have been sent** (the link broke after the text went out and before the
answer came: the outbox must not send it again blindly, it reports it).

The outbox (``app.notify.outbox``) owns the rows and the retries; a sender thread per
channel calls ``send``. A channel holds its port or connection between messages and is
used by one thread at a time (the modem's port is owned by its sender, like a bus by its
worker). Channels never touch the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

# codes of SendError: the outbox decides on retries by ``retryable``, the windows show ``text``
CODES = (
    "bad_address",  # the number or address is not valid: never retried
    "too_long",  # the text does not fit (more parts than the channel allows)
    "modem_silent",  # no answer to AT
    "sim_not_ready",  # +CPIN not READY (PIN, PUK, no SIM)
    "no_network",  # not registered / no signal
    "refused",  # the far end refused this message (+CMS ERROR, SMTP 5xx on the recipient)
    "auth_refused",  # SMTP or gateway login refused
    "connection",  # the port or server could not be reached or broke
    "timeout",  # no answer in time
    "rate_limited",  # the far end asks to slow down
    "config",  # the channel is not set up (no port, no host, no key)
)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str = "application/pdf"


@dataclass(frozen=True)
class Message:
    """One message to one recipient. ``key`` is the outbox row's key (``outbox:<id>``):
    channels that can carry it (an e-mail's Message-ID, a gateway's client reference) do,
    so a resend after a crash can be recognised by the far end."""

    to: str  # a mobile number (+86…/1…) or an e-mail address
    text: str  # the plain text (SMS body, e-mail text part)
    subject: str = ""  # e-mail only
    html: str | None = None  # e-mail only: an HTML part besides the text
    attachments: tuple[Attachment, ...] = ()  # e-mail only
    key: str = ""


@dataclass(frozen=True)
class SendResult:
    reference: str  # modem message references ("12,13,14"), SMTP reply, gateway id
    parts: int = 1  # SMS parts sent
    detail: str = ""  # what the far end said, for the history


class SendError(Exception):
    """A message that did not go out (or may have): ``code`` from ``CODES``, ``text`` in the
    user's language, ``retryable`` (a later try may succeed), ``maybe_sent``."""

    def __init__(
        self,
        code: str,
        text: str,
        *,
        retryable: bool = False,
        maybe_sent: bool = False,
        data: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(text)
        assert code in CODES, code
        self.code, self.text = code, text
        self.retryable, self.maybe_sent = retryable, maybe_sent
        self.data = data or {}


@dataclass(frozen=True)
class ChannelStatus:
    """What "send a test" and Settings → Messages show: ready or not, and why."""

    ready: bool
    text: str  # e.g. "SIM ready, signal 18/31 (good), registered (home)"
    facts: dict[str, Any] = field(default_factory=dict)  # signal, operator, sim, server…


class Channel(Protocol):
    """One way of reaching people. ``kind`` is the registry name ("sms", "email",
    "http_sms"); ``check`` asks the far end whether it can send (no message sent)."""

    kind: str

    def send(self, message: Message) -> SendResult: ...

    def check(self) -> ChannelStatus: ...

    def close(self) -> None: ...


ChannelFactory = Callable[..., Channel]
REGISTRY: dict[str, ChannelFactory] = {}


def register(kind: str) -> Callable[[ChannelFactory], ChannelFactory]:
    """Class decorator: ``@register("sms")`` makes the channel available by name."""

    def add(factory: ChannelFactory) -> ChannelFactory:
        REGISTRY[kind] = factory
        return factory

    return add
