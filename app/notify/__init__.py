"""Messages that reach people (issue 18): channels (GSM modem SMS, e-mail, an HTTP SMS
gateway), and later the outbox, contacts, rules and templates. Qt-free."""

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

__all__ = [
    "CODES",
    "REGISTRY",
    "Attachment",
    "Channel",
    "ChannelStatus",
    "Message",
    "SendError",
    "SendResult",
    "register",
]
