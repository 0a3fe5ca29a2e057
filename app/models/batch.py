"""Batch tasks (批量操作): one ``batch`` row per task, one ``batch_item`` row per room or meter.

Issue 17. A batch is an action (relay cut, tariff assignment, recharge from a sheet...) over a
selection, run now or at ``run_at``. Each item carries its own state, so a crash resumes the
batch where it was: an item becomes a durable ``meter_command`` (``command_id``) or a ledger
posting (``txn_id``) whose idempotency key is the item's ``key`` (``batch:<id>:<item>``,
unique), so a rerun can never post or send an item twice. ``app.batch`` owns the rules.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, str_enum, utcnow
from .types import BigId, UTCDateTime


class BatchStatus(enum.StrEnum):
    APPROVAL = "approval"  # a money batch waiting for a second administrator
    QUEUED = "queued"  # to run now: the collector takes it at its next round
    SCHEDULED = "scheduled"  # to run at ``run_at``
    RUNNING = "running"
    PAUSED = "paused"  # no new item starts; items already sent finish
    CANCELLED = "cancelled"
    DONE = "done"  # every item finished (done, failed, skipped or cancelled)


class ItemState(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"  # its meter command or posting is on its way
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class Batch(Base):
    """One batch task: what, over which selection, when, by whom, approved by whom."""

    __tablename__ = "batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(30))
    selection: Mapped[str] = mapped_column(String(200), default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[BatchStatus] = mapped_column(
        str_enum(BatchStatus, "batch_status"), default=BatchStatus.QUEUED
    )
    run_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    repeat: Mapped[str] = mapped_column(String(16), default="")  # "", daily, weekly
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    created_login: Mapped[str] = mapped_column(String(60), default="")
    workstation: Mapped[str] = mapped_column(String(64), default="")
    approved_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_id: Mapped[int | None] = mapped_column(default=None)  # the repeat it created
    note: Mapped[str] = mapped_column(String(200), default="")


class BatchItem(Base):
    """One room or meter of a batch, with its own state and what it became."""

    __tablename__ = "batch_item"
    __table_args__ = (
        UniqueConstraint("batch_id", "item_no"),
        Index("ix_batch_item_batch_state", "batch_id", "state"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"))
    item_no: Mapped[int]
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="RESTRICT"), default=None
    )
    meter_id: Mapped[int | None] = mapped_column(
        ForeignKey("meter.id", ondelete="RESTRICT"), default=None
    )
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), default=None
    )
    link_id: Mapped[int | None] = mapped_column(default=None)  # the bus, for pacing
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[ItemState] = mapped_column(
        str_enum(ItemState, "batch_item_state"), default=ItemState.QUEUED
    )
    reason: Mapped[str] = mapped_column(String(200), default="")
    command_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("meter_command.id", ondelete="RESTRICT"), default=None
    )
    txn_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT"), default=None
    )
    key: Mapped[str] = mapped_column(String(64), unique=True)
    attempts: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
