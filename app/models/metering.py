"""Buses, meters and what they report: links, meters, latest state, readings, events."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .types import BigId, Energy, UTCDateTime


class Protocol(enum.StrEnum):
    MODBUS = "modbus"
    DLT645 = "dlt645"


class Parity(enum.StrEnum):
    NONE = "N"
    EVEN = "E"
    ODD = "O"


class MeterRole(enum.StrEnum):
    TENANT = "tenant"
    MASTER = "master"
    COMMON = "common"


class BillingMode(enum.StrEnum):
    METER = "meter"  # 表端计费: the meter holds tariff and balance
    PLATFORM = "platform"  # 后台计费: we compute cost and send the cut


class RelayState(enum.StrEnum):
    CLOSED = "closed"  # power on
    OPEN = "open"  # cut
    UNKNOWN = "unknown"


class ReadingKind(enum.StrEnum):
    INTERVAL = "interval"
    DAILY = "daily"


class Link(Base):
    """One RS-485 bus: a serial port or a serial-over-TCP gateway URL.

    ``url`` is what pyserial's ``serial_for_url`` opens (``/dev/ttyUSB0``, ``COM3``,
    ``socket://host:port``, ``rfc2217://...``); ``sim://name`` is a simulated bus.
    """

    __tablename__ = "link"
    __table_args__ = (
        CheckConstraint("baud > 0", name="baud_positive"),
        CheckConstraint("stopbits IN (1, 2)", name="stopbits_valid"),
        CheckConstraint("timeout_ms > 0", name="timeout_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    url: Mapped[str] = mapped_column(String(200), unique=True)
    protocol: Mapped[Protocol] = mapped_column(str_enum(Protocol, "protocol"))
    baud: Mapped[int] = mapped_column(default=9600)
    parity: Mapped[Parity] = mapped_column(str_enum(Parity, "parity"), default=Parity.EVEN)
    stopbits: Mapped[int] = mapped_column(SmallInteger, default=1)
    timeout_ms: Mapped[int] = mapped_column(default=500)
    enabled: Mapped[bool] = mapped_column(default=True)
    meters: Mapped[list[Meter]] = relationship(back_populates="link")


class Meter(Base):
    """A meter on a link. Master and common-area meters may have no room.

    The address is unique among the *installed* meters of a link (a replaced meter keeps
    its row for history, with ``removed_at`` set and ``replaced_by_id`` pointing on).
    """

    __tablename__ = "meter"
    __table_args__ = (
        Index(
            "uq_meter_link_address_installed",
            "link_id",
            "address",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
        CheckConstraint("ct_ratio >= 1", name="ct_ratio_positive"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("link.id", ondelete="RESTRICT"), index=True)
    address: Mapped[str] = mapped_column(String(20))
    profile: Mapped[str] = mapped_column(String(60))
    role: Mapped[MeterRole] = mapped_column(str_enum(MeterRole, "meter_role"))
    billing_mode: Mapped[BillingMode] = mapped_column(str_enum(BillingMode, "billing_mode"))
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="RESTRICT"), index=True
    )
    building_id: Mapped[int | None] = mapped_column(
        ForeignKey("building.id", ondelete="RESTRICT"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"))
    label: Mapped[str] = mapped_column(String(60), default="")
    serial_no: Mapped[str] = mapped_column(String(40), default="")
    ct_ratio: Mapped[int] = mapped_column(default=1)
    install_date: Mapped[date | None] = mapped_column(Date, default=None)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"))
    link: Mapped[Link] = relationship(back_populates="meters")


class MeterState(Base):
    """The latest snapshot of one meter (one row per meter, overwritten by the collector).

    Live values are scaled integers: voltage 0.1 V, current mA, power W, power factor
    0.001, frequency 0.01 Hz; money in fen; energy in 0.01 kWh. A three-phase meter also
    fills the per-phase columns (``voltage_a_dv`` .. ``power_c_w``, same units; ``power_w``
    is then its total); they stay NULL for a single-phase meter.
    """

    __tablename__ = "meter_state"
    meter_id: Mapped[int] = mapped_column(
        ForeignKey("meter.id", ondelete="CASCADE"), primary_key=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    online: Mapped[bool] = mapped_column(default=False)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    misses: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(200), default="")
    energy_total: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    energy_sharp: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    energy_peak: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    energy_flat: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    energy_valley: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    voltage_dv: Mapped[int | None] = mapped_column(default=None)
    current_ma: Mapped[int | None] = mapped_column(default=None)
    power_w: Mapped[int | None] = mapped_column(default=None)
    pf_milli: Mapped[int | None] = mapped_column(default=None)
    freq_chz: Mapped[int | None] = mapped_column(default=None)
    voltage_a_dv: Mapped[int | None] = mapped_column(default=None)
    voltage_b_dv: Mapped[int | None] = mapped_column(default=None)
    voltage_c_dv: Mapped[int | None] = mapped_column(default=None)
    current_a_ma: Mapped[int | None] = mapped_column(default=None)
    current_b_ma: Mapped[int | None] = mapped_column(default=None)
    current_c_ma: Mapped[int | None] = mapped_column(default=None)
    power_a_w: Mapped[int | None] = mapped_column(default=None)
    power_b_w: Mapped[int | None] = mapped_column(default=None)
    power_c_w: Mapped[int | None] = mapped_column(default=None)
    balance_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    purchase_count: Mapped[int | None] = mapped_column(default=None)
    purchased_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    relay: Mapped[RelayState] = mapped_column(
        str_enum(RelayState, "relay_state"), default=RelayState.UNKNOWN
    )
    guaranteed: Mapped[bool] = mapped_column(default=False)
    status_flags: Mapped[int] = mapped_column(default=0)
    meter_clock: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Reading(Base):
    """An interval reading (every 15 min by default) or the daily freeze at midnight."""

    __tablename__ = "reading"
    __table_args__ = (UniqueConstraint("meter_id", "kind", "ts"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"))
    kind: Mapped[ReadingKind] = mapped_column(str_enum(ReadingKind, "reading_kind"))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    energy_total: Mapped[Decimal] = mapped_column(Energy)
    energy_sharp: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    energy_peak: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    energy_flat: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    energy_valley: Mapped[Decimal | None] = mapped_column(Energy, default=None)
    balance_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)


class Event(Base):
    """Something that happened: online/offline, relay changed, alarms, recharges confirmed.

    ``level``: 0 information, 1-3 alarm levels (3 = act now).
    """

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("level BETWEEN 0 AND 3", name="level_range"),
        Index("ix_event_ts", "ts"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(SmallInteger, default=0)
    meter_id: Mapped[int | None] = mapped_column(
        ForeignKey("meter.id", ondelete="RESTRICT"), index=True
    )
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="RESTRICT"), index=True
    )
    message: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    acked_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
