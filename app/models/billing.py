"""Billing definitions and their runs: apportionment schemes, fee items, runs, lines, bills.

Issue 16. A *scheme* (公摊方案) shares out a building's line loss and/or common-area use; a
*fee item* (自定义收费) charges a fixed, per-m² or per-kWh amount on a period. Both keep their
rules in a JSON ``definition`` validated by ``app.billing.schemes`` / ``app.billing.fees``,
so a new rule is a new key, not a migration. A *run* posts one source (``"apportion:<id>"`` or
``"fee:<id>"``) for one period exactly once: the partial unique index on (source, period)
among posted runs refuses a second posted run, and each line's ledger transaction carries the
idempotency key ``"<source>:<period>:<account id>"``. A *bill* (催缴账单) is money the cashier
collects later; its number is gap-free from the ``counter`` row ``"bill"``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, str_enum, utcnow
from .types import BigId, Energy, UTCDateTime


class BillingRunStatus(enum.StrEnum):
    POSTED = "posted"
    REVERSED = "reversed"


class BillStatus(enum.StrEnum):
    OPEN = "open"
    PAID = "paid"
    CANCELLED = "cancelled"


class ApportionScheme(Base):
    """A 公摊方案: which energy is shared (loss, common, both), among whom, on what basis."""

    __tablename__ = "apportion_scheme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, default=None)
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeeItem(Base):
    """A 自定义收费项 (物业费, 房租, ...): amount, scope, period, deduct or bill."""

    __tablename__ = "fee_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, default=None)
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BillingRun(Base):
    """One posted period of one source; reversed as a whole, never edited otherwise."""

    __tablename__ = "billing_run"
    __table_args__ = (
        Index(
            "uq_billing_run_posted",
            "source",
            "period",
            unique=True,
            sqlite_where=text("status = 'posted'"),
            postgresql_where=text("status = 'posted'"),
        ),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(10))
    status: Mapped[BillingRunStatus] = mapped_column(
        str_enum(BillingRunStatus, "billing_run_status"), default=BillingRunStatus.POSTED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    workstation: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reversed_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    reverse_reason: Mapped[str] = mapped_column(String(200), default="")


class BillingLine(Base):
    """One account's share in a run, with how it was computed (``detail``)."""

    __tablename__ = "billing_line"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("billing_run.id", ondelete="RESTRICT"), index=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), index=True
    )
    kwh: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    fen: Mapped[int] = mapped_column(BigInteger)
    basis: Mapped[str] = mapped_column(String(20), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    txn_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT"), default=None
    )
    bill_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("bill.id", ondelete="RESTRICT"), default=None
    )


class Bill(Base):
    """A 催缴账单: an amount the cashier collects later, due on ``due_date``."""

    __tablename__ = "bill"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("billing_run.id", ondelete="RESTRICT"), default=None, index=True
    )
    source: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    paid_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[BillStatus] = mapped_column(
        str_enum(BillStatus, "bill_status"), default=BillStatus.OPEN
    )
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    memo: Mapped[str] = mapped_column(String(200), default="")
