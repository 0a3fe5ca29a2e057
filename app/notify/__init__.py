"""Messages that reach people (issue 18): channels (GSM modem SMS, e-mail, an HTTP SMS
gateway), contacts, rules and templates, the durable outbox and its senders. Qt-free.

The hooks the rest of the core calls are in ``app.notify.hooks`` (``on_events``,
``on_recharge``, ``on_bill``): light modules (no channel, no serial port, no SMTP), so
the writer, the ledger and the bills import them at no cost.
"""

from .channel import (
    CODES,
    REGISTRY,
    Attachment,
    Channel,
    ChannelStatus,
    Message,
    SendError,
    SendResult,
    register,
)


def load_channels() -> None:
    """Import the channel modules so that ``REGISTRY`` knows them by name (``notify send``,
    the senders). Plain imports, so the bundle finds them: each channel branch adds its
    module here."""
    from . import gsm, http_sms, mail  # noqa: F401 - imported for their @register


__all__ = [
    "CODES",
    "REGISTRY",
    "Attachment",
    "Channel",
    "ChannelStatus",
    "Message",
    "SendError",
    "SendResult",
    "load_channels",
    "register",
]
