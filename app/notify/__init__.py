"""Messages that reach people (issue 18): channels (GSM modem SMS, e-mail, an HTTP SMS
gateway), contacts, rules and templates, the durable outbox and its senders. Qt-free.

The hooks the rest of the core calls are in ``app.notify.hooks`` (``on_events``,
``on_recharge``, ``on_bill``): light modules (no channel, no serial port, no SMTP), so
the writer, the ledger and the bills import them at no cost.
"""

import importlib

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

CHANNEL_MODULES = ("gsm", "mail", "email", "http_sms")  # each registers its channel


def load_channels() -> None:
    """Import the channel modules there are, so that ``REGISTRY`` knows them by name."""
    for name in CHANNEL_MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise


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
