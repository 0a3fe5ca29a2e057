"""The money tables, kept minimal here: the ledger issue owns their rules.

A ledger transaction groups balanced entries (their sum is zero); an account's balance is
the sum of its entries. Meter commands are how services ask the collector to act on a
meter (recharge, relay, parameters): written in the same transaction as the money.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    event,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from .base import Base, str_enum, utcnow
from .types import BigId, UTCDateTime


class CommandStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class LedgerTxn(Base):
    """One balanced money movement (recharge, refund, charge, ...)."""

    __tablename__ = "ledger_txn"
    # the money reports read a period of some kinds' transactions (migration 0011)
    __table_args__ = (Index("ix_ledger_txn_kind_created_at", "kind", "created_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    reverses_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT"), unique=True
    )
    memo: Mapped[str] = mapped_column(String(200), default="")


class LedgerEntry(Base):
    """One leg of a transaction: an amount in fen on an account or on a house book.

    ``book`` names the side: ``tenant`` (with ``account_id``), ``cash``, ``revenue``, ...
    """

    __tablename__ = "ledger_entry"
    __table_args__ = (Index("ix_ledger_entry_account", "account_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    txn_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT"), index=True
    )
    book: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="RESTRICT"))
    meter_id: Mapped[int | None] = mapped_column(
        ForeignKey("meter.id", ondelete="RESTRICT"), default=None
    )
    amount_fen: Mapped[int] = mapped_column(BigInteger)


class LedgerSeal(Base):
    """The chain link of one transaction (append-only, migration 0008; ``app.ledger.chain``).

    ``mac`` is HMAC(ledger key, canonical transaction: its fields, entries, payment and
    receipt); ``hash`` links it to the previous seal. Written when the unit of work that
    posted the transaction commits, so rows added after ``post()`` (payment, receipt) are
    covered. ``seq`` is gap-free and assigned under the ``ledger_head`` lock.
    """

    __tablename__ = "ledger_seal"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    txn_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT"), unique=True
    )
    mac: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LedgerHead(Base):
    """The single head row of the ledger chain (id 1): the lock point of sealing, and the
    MAC'd anchor of the last seal and the receipt counter (truncation, a counter set back).

    ``legacy`` counts the seals given at once to transactions that existed before the chain
    (an upgraded database): their audit rows predate the ``txn`` key."""

    __tablename__ = "ledger_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")
    receipts: Mapped[int] = mapped_column(BigInteger, default=0)
    legacy: Mapped[int] = mapped_column(BigInteger, default=0)
    mac: Mapped[str] = mapped_column(String(64), default="")


class MeterBook(Base):
    """Cache of the ``meter`` book per account and meter (money held by a meter-side
    meter), updated by ``post()`` in the same transaction; ``ledger verify`` recomputes it
    from the entries like ``account.balance_fen``."""

    __tablename__ = "meter_book"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), primary_key=True
    )
    meter_id: Mapped[int] = mapped_column(
        ForeignKey("meter.id", ondelete="RESTRICT"), primary_key=True
    )
    balance_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class MeterCommand(Base):
    """Work for the collector, durable so that a crash resumes it."""

    __tablename__ = "meter_command"
    __table_args__ = (Index("ix_meter_command_status", "status", "meter_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(SmallInteger, default=5)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[CommandStatus] = mapped_column(
        str_enum(CommandStatus, "command_status"), default=CommandStatus.PENDING
    )
    txn_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT")
    )
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[str] = mapped_column(String(200), default="")


@event.listens_for(MeterCommand, "after_insert")
def _notify_collector(_mapper: Mapper[Any], connection: Connection, _row: MeterCommand) -> None:
    """On PostgreSQL a new command wakes the collector of any workstation at commit
    (LISTEN in ``app.collector.wakeup``); SQLite has no such thing and is polled cheaply."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("NOTIFY wattdesk_command")


class Setting(Base):
    """Site-wide settings shared by every workstation (never secrets: those go to the keyring)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
