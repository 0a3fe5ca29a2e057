"""Payments tenants make themselves (issue 20), migration 0020.

``online_payment`` is one line of a platform's bill (WeChat Pay, Alipay) or one signed
notification from the site's payment relay: a payment or a refund, what the platform said
(its transaction id, time, amount in fen, payer id, remark) and what became of it here: the
account it was matched to and the ledger transaction of its recharge (``credited``), or
``unmatched`` until a person assigns it, or ``reported`` for a refund (never reversed by
itself). A payment and the refunds of one platform transaction share ``platform_txn``;
``refund_id`` tells the refunds apart ("" for the payment), so one row per line whatever
file it came in. The ledger's idempotency key ``<platform>:<txn>`` is what makes the money
go in once; this table is the clerk's list and the reconciliation's memory.

``payer_link`` is the payer ids (WeChat openid, Alipay buyer account) learned from a
confirmed match, so a tenant who pays without a remark the next time is still found.
``payment_nonce`` holds every nonce the endpoint accepted: a replay is refused, also after
a restart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import BigId, UTCDateTime

PLATFORMS = ("wechat", "alipay")


class OnlinePayment(Base):
    """One payment or refund a platform reported, and what it became here."""

    __tablename__ = "online_payment"
    __table_args__ = (
        UniqueConstraint("platform", "platform_txn", "refund_id"),
        CheckConstraint("platform IN ('wechat', 'alipay')", name="platform"),
        CheckConstraint("kind IN ('payment', 'refund')", name="kind"),
        CheckConstraint("status IN ('credited', 'unmatched', 'reported')", name="status"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        Index("ix_online_payment_status", "status", "platform"),
        Index("ix_online_payment_paid", "platform", "paid_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    platform: Mapped[str] = mapped_column(String(10))
    platform_txn: Mapped[str] = mapped_column(String(64))
    refund_id: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(10))  # statement | endpoint
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    payer: Mapped[str] = mapped_column(String(128), default="")
    remark: Mapped[str] = mapped_column(String(256), default="")
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), default=None, index=True
    )
    txn_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_txn.id", ondelete="RESTRICT"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PayerLink(Base):
    """A payer id of one platform, learned from a confirmed match, and its account."""

    __tablename__ = "payer_link"
    platform: Mapped[str] = mapped_column(String(10), primary_key=True)
    payer: Mapped[str] = mapped_column(String(128), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="RESTRICT"))
    learned_from: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PaymentNonce(Base):
    """A nonce the payment endpoint accepted: never accepted again."""

    __tablename__ = "payment_nonce"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
