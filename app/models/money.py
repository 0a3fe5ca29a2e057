"""Money around the ledger: payments, receipts, cashier shifts, refund requests, tariffs.

The journal itself (``ledger_txn``, ``ledger_entry``) lives in ``ledger.py``. Payments and
receipts are append-only like the journal (database triggers, migration 0004); a shift is
closed once and then immutable (the service refuses, and the closing totals are frozen).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, str_enum, utcnow
from .types import BigId, UTCDateTime


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    TRANSFER = "transfer"
    QR = "qr"


class RefundStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for an administrator's approval
    DONE = "done"
    REJECTED = "rejected"


class Counter(Base):
    """Gap-free sequences (receipt numbers): incremented in the transaction that uses them."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Shift(Base):
    """A cashier's shift (班次): open until its close (交班) freezes its totals."""

    __tablename__ = "shift"
    __table_args__ = (
        Index(
            "uq_shift_open_per_operator",
            "operator_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    operator_login: Mapped[str] = mapped_column(String(60))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    expected_cash_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    counted_cash_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    totals: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class Payment(Base):
    """Money that crossed the counter: positive in (recharge), negative out (refund)."""

    __tablename__ = "payment"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    txn_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT"), unique=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), index=True
    )
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="RESTRICT"))
    meter_id: Mapped[int | None] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"))
    method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, "payment_method"))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    shift_id: Mapped[int | None] = mapped_column(
        ForeignKey("shift.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Receipt(Base):
    """A numbered receipt; ``content`` freezes what was printed so a reprint is identical."""

    __tablename__ = "receipt"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    txn_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT"), unique=True
    )
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    verify_hash: Mapped[str] = mapped_column(String(64))


class RefundRequest(Base):
    """A refund asked for by a cashier; above the threshold an administrator approves it."""

    __tablename__ = "refund_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), index=True
    )
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, "payment_method"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[RefundStatus] = mapped_column(
        str_enum(RefundStatus, "refund_status"), default=RefundStatus.PENDING
    )
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    txn_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT")
    )


class TariffRow(Base):
    """A named tariff (电价方案); its prices live in effective-dated versions."""

    __tablename__ = "tariff"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TariffVersionRow(Base):
    """One published version; ``definition`` is the JSON of ``app.billing.tariff``."""

    __tablename__ = "tariff_version"
    __table_args__ = (UniqueConstraint("tariff_id", "effective_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"), index=True)
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TariffAssignment(Base):
    """Which tariff applies to a meter, a building, a tenant kind, or by default.

    The most specific wins: meter, then building, then tenant kind, then default.
    """

    __tablename__ = "tariff_assignment"
    __table_args__ = (UniqueConstraint("scope", "scope_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"), index=True)
    scope: Mapped[str] = mapped_column(String(20))  # default | building | tenant_kind | meter
    scope_key: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
