"""Pre-set accounts (预设账户) and tenant contacts (联系人), migration 0009.

A pre-set account is an ``account`` row with status ``preset``: its number and tenant exist,
but its rooms are only *reserved* (``account_preset_room``, one preset per room) and not yet
let, so the collector bills nothing to it and no recharge can reach it. ``account_preset``
keeps what the one-click open applies then (tariff, billing mode, alarm levels) as JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import UTCDateTime


class AccountPreset(Base):
    """What a pre-set account will be opened with (``plan``: tariff, billing, alarms)."""

    __tablename__ = "account_preset"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), primary_key=True, autoincrement=False
    )
    plan: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AccountPresetRoom(Base):
    """A room reserved by a pre-set account: no other account may let it meanwhile."""

    __tablename__ = "account_preset_room"
    room_id: Mapped[int] = mapped_column(
        ForeignKey("room.id", ondelete="RESTRICT"), primary_key=True, autoincrement=False
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), index=True
    )


class TenantContact(Base):
    """A person of a tenant: phone, email, and whether they may pay for its accounts."""

    __tablename__ = "tenant_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    may_pay: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # messages (issue 18, migration 0016): language, which kinds ([] = every tenant kind),
    # and the opt-ins: nothing is sent to a contact who did not opt in
    language: Mapped[str] = mapped_column(String(8), default="zh_CN")
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    sms: Mapped[bool] = mapped_column(default=False)
    mail: Mapped[bool] = mapped_column(default=False)
