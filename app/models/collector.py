"""Tables the collector keeps for itself: billing progress, who cut a relay, liveness.

- ``meter_billing``: per platform-side meter, the last reading that was billed and the
  tariff engine's carried rounding state, written in the same transaction as the charge it
  reflects, so a restart never bills an interval twice.
- ``account_billing``: per account, the tier period's kWh and base allowance used, shared
  by all the account's meters (一户多表), written in that same transaction.
- ``meter_charge``: one row per billed interval (unique per meter and interval end) with the
  per-band lines: the tenant's bill and reports read it; the ledger holds the money.
- ``relay_control``: why a relay is cut (arrears, manual, a rule, the meter itself), so the
  automation restores only what it cut for arrears and never undoes an operator's cut.
- ``collector_status``: one row: a change counter other workstations watch instead of
  polling ``meter_state``, and the heartbeat of the workstation that owns the buses.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import BigId, Energy, UTCDateTime


class MeterBilling(Base):
    """Billing progress of one platform-side meter (the last billed reading + quote state)."""

    __tablename__ = "meter_billing"
    meter_id: Mapped[int] = mapped_column(
        ForeignKey("meter.id", ondelete="CASCADE"), primary_key=True
    )
    last_ts: Mapped[datetime] = mapped_column(UTCDateTime)
    last_total: Mapped[Decimal] = mapped_column(Energy)
    last_bands: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
    # app.billing.quote.QuoteState's rounding part (per meter), exact: Decimals as text
    exact_yuan: Mapped[str] = mapped_column(String(60), default="0")
    charged_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AccountBilling(Base):
    """Tier period progress of one account (一户多表: all its meters climb the tiers and
    share the base allowance together): the rest of ``QuoteState``, Decimals as text."""

    __tablename__ = "account_billing"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(16), default="")
    period_kwh: Mapped[str] = mapped_column(String(60), default="0")
    free_kwh: Mapped[str] = mapped_column(String(60), default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeterCharge(Base):
    """One billed interval of one meter; ``lines`` per band and tier as the engine gave them."""

    __tablename__ = "meter_charge"
    __table_args__ = (UniqueConstraint("meter_id", "slot"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="RESTRICT"))
    txn_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("ledger_txn.id", ondelete="RESTRICT")
    )
    slot: Mapped[datetime] = mapped_column(UTCDateTime)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    kwh: Mapped[Decimal] = mapped_column(Energy)
    fen: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(String(200), default="")


class RelayControl(Base):
    """Why a meter's relay is cut, as far as we know (the meter says *whether* it is)."""

    __tablename__ = "relay_control"
    meter_id: Mapped[int] = mapped_column(
        ForeignKey("meter.id", ondelete="CASCADE"), primary_key=True
    )
    cut_reason: Mapped[str | None] = mapped_column(String(16), default=None)
    rule: Mapped[str] = mapped_column(String(60), default="")
    cut_by: Mapped[str] = mapped_column(String(60), default="")
    cut_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CollectorStatus(Base):
    """The single row (id 1): change counter and heartbeat of the running collector."""

    __tablename__ = "collector_status"
    id: Mapped[int] = mapped_column(primary_key=True)
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    workstation: Mapped[str] = mapped_column(String(60), default="")
    pid: Mapped[int] = mapped_column(default=0)


class LiveCounter(Base):
    """The single row (id 1): the live change counter (``app.livechange``).

    Every write transaction that alters what a room shows takes the next value under this
    row's lock at its commit and files a ``live_change`` row with it, so values are handed
    out in commit order, one by one: a desk that has seen value N has seen every change up
    to N, even on PostgreSQL with writers committing side by side."""

    __tablename__ = "live_counter"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)


class LiveChange(Base):
    """Which rooms one committed write transaction changed (``seq`` from ``live_counter``).

    ``everything``: a change no room list describes (the alarm rules), read all rooms.
    ``collector``: filed by the collector's poll writer (the desk running that collector
    heard of those rooms from it already). Old rows are pruned; a desk that fell further
    behind reads every room once."""

    __tablename__ = "live_change"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rooms: Mapped[list[int]] = mapped_column(JSON, default=list)
    everything: Mapped[bool] = mapped_column(default=False)
    collector: Mapped[bool] = mapped_column(default=False)


class CollectorLease(Base):
    """Who owns the buses (issue 20, ``app.collector.lease``): one row per ``name``
    ("buses": the site's links). ``epoch`` grows with every new holder and fences an old
    one (its writes check it); ``beat`` grows with every renewal, so a standby judges
    expiry by its own clock (no beat for ``ttl_s``), never by comparing two desks' clocks.
    ``heartbeat_at`` / ``expires_at`` are the holder's wall clock, for people to read."""

    __tablename__ = "collector_lease"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    epoch: Mapped[int] = mapped_column(BigId, default=0)
    beat: Mapped[int] = mapped_column(BigId, default=0)
    holder_id: Mapped[str] = mapped_column(String(40), default="")
    workstation: Mapped[str] = mapped_column(String(60), default="")
    pid: Mapped[int] = mapped_column(default=0)
    ttl_s: Mapped[float] = mapped_column(default=20.0)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class CollectorStandby(Base):
    """A collector waiting for the lease ``name`` (its row is refreshed while it waits and
    deleted when it takes over or stops; a stale one is ignored by the readers)."""

    __tablename__ = "collector_standby"
    holder_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    workstation: Mapped[str] = mapped_column(String(60))
    pid: Mapped[int] = mapped_column()
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
