"""Messages (消息通知, issue 18), migration 0016: the outbox, staff contacts, templates.

``outbox`` holds one row per message to one recipient on one channel. It is written in the
same transaction as the event that caused it (``app.notify.rules``), so a rolled-back event
leaves no message and a committed one never loses its message. ``key`` is unique: it is the
de-duplication (one low-balance message per level per recharge cycle per recipient) and
makes a hook that runs twice harmless. ``status`` moves ``queued`` → ``sending`` (committed
before the channel is asked) → ``sent`` / ``delivered`` / ``failed``, or to ``uncertain``
when a sender died between the send and the mark: such a row is never sent again by itself.

``operator_contact`` is a member of staff's mobile and e-mail and the staff messages they
want; ``notify_template`` a stored template that overrides the built-in one of its kind and
language. Tenant contacts are ``tenant_contact`` (app/models/accounts.py), extended here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import BigId, UTCDateTime

STATUSES = ("queued", "sending", "sent", "delivered", "failed", "uncertain")


class OutboxMessage(Base):
    """One message to one recipient on one channel, and what became of it."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'uncertain')",
            name="status",
        ),
        Index("ix_outbox_due", "status", "channel", "next_try_at"),
        Index("ix_outbox_recipient", "recipient", "created_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(120))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), default=None, index=True
    )
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="RESTRICT"), default=None
    )
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    kind: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(8), default="zh_CN")
    subject: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    reason: Mapped[str] = mapped_column(String(300), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reference: Mapped[str] = mapped_column(String(200), default="")
    parts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str] = mapped_column(String(80), default="")
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="RESTRICT"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class OperatorContact(Base):
    """How a member of staff is reached, and which staff messages they want."""

    __tablename__ = "operator_contact"
    operator_id: Mapped[int] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), primary_key=True, autoincrement=False
    )
    mobile: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="zh_CN")
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # [] = every staff kind
    sms: Mapped[bool] = mapped_column(default=False)
    mail: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotifyTemplate(Base):
    """A stored template (it overrides the built-in one of the same kind and language)."""

    __tablename__ = "notify_template"
    __table_args__ = (UniqueConstraint("kind", "language"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "language": self.language, "subject": self.subject}
