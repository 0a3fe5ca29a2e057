"""Dormitory load control (负载控制, issue 19): settings, whitelists, learning, load events,
per-room state and the restores (负控复位).

- ``load_settings``: one row per building (``room_id`` NULL) or per room (an override of
  its building's row): on/off, the detector's thresholds (JSON, opaque here: the detector
  defines them), the actions (cut / alarm / message), the restore delay and the automatic
  restore limit per period (``day``, park-local).
- ``load_whitelist``: appliances a room or a building may use (name, signature as JSON),
  added by hand or by the learning mode; ``removed_at`` instead of a delete.
- ``load_learning``: a room in learning mode: the next step up is whitelisted with ``name``
  (until ``until``).
- ``load_event``: one judged step or meter-side load event with what was measured and the
  action taken (cut, held, alarm, already_off, learned ...).
- ``load_room``: a room's state: cut by load control since, the automatic restore due (the
  due time lives here, not in a process: a collector restart keeps it), restores in the
  current period, "needs the manager".
- ``load_restore``: one row per load cut given back (automatic or by the manager); its UNIQUE
  ``event_id`` is what makes two desks never both restore the same cut.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import BigId, UTCDateTime


class LoadSettings(Base):
    """Load control of a building, or a room's override of it."""

    __tablename__ = "load_settings"
    __table_args__ = (UniqueConstraint("building_id", "room_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(
        ForeignKey("building.id", ondelete="CASCADE"), index=True
    )
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="CASCADE"), default=None
    )
    enabled: Mapped[bool] = mapped_column(default=True)
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actions: Mapped[list[str]] = mapped_column(JSON, default=list)  # cut | alarm | message
    restore_delay_s: Mapped[int] = mapped_column(default=300)
    restore_limit: Mapped[int] = mapped_column(default=3)
    restore_period: Mapped[str] = mapped_column(String(8), default="day")
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoadWhitelist(Base):
    """An allowed appliance of a room (``room_id``) or a whole building (``room_id`` NULL)."""

    __tablename__ = "load_whitelist"
    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(
        ForeignKey("building.id", ondelete="CASCADE"), index=True
    )
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="CASCADE"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    signature: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(10), default="manual")  # manual | learning
    added_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class LoadLearning(Base):
    """A room in learning mode: its next step up becomes whitelist entry ``name``."""

    __tablename__ = "load_learning"
    room_id: Mapped[int] = mapped_column(
        ForeignKey("room.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(60))
    started_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    until: Mapped[datetime] = mapped_column(UTCDateTime)


class LoadEvent(Base):
    """A load detection (platform) or a meter's own load event, with what was measured."""

    __tablename__ = "load_event"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"), index=True)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="SET NULL"), default=None, index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    source: Mapped[str] = mapped_column(String(8))  # platform | meter
    verdict: Mapped[str] = mapped_column(String(12))
    appliance: Mapped[str] = mapped_column(String(60), default="")
    meter_event: Mapped[str] = mapped_column(String(20), default="")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    delta_w: Mapped[float | None] = mapped_column(Float, default=None)
    power_factor: Mapped[float | None] = mapped_column(Float, default=None)
    before_w: Mapped[float | None] = mapped_column(Float, default=None)
    after_w: Mapped[float | None] = mapped_column(Float, default=None)
    action: Mapped[str] = mapped_column(String(20), default="")
    command_id: Mapped[int | None] = mapped_column(BigId, default=None)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class LoadRoom(Base):
    """A room's load-control state; the pending automatic restore is ``restore_due_at``."""

    __tablename__ = "load_room"
    room_id: Mapped[int] = mapped_column(
        ForeignKey("room.id", ondelete="CASCADE"), primary_key=True
    )
    meter_id: Mapped[int | None] = mapped_column(
        ForeignKey("meter.id", ondelete="SET NULL"), default=None
    )
    cut_event_id: Mapped[int | None] = mapped_column(BigId, default=None)
    cut_since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    restore_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    period_start: Mapped[date | None] = mapped_column(Date, default=None)
    restores: Mapped[int] = mapped_column(default=0)  # automatic, in the current period
    needs_manager: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoadRestore(Base):
    """A load cut given back, once: the unique ``event_id`` decides between desks."""

    __tablename__ = "load_restore"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(BigId, unique=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # auto | manual
    outcome: Mapped[str] = mapped_column(String(20))  # queued | kept_arrears | kept_timetable
    command_id: Mapped[int | None] = mapped_column(BigId, default=None)
    by: Mapped[str] = mapped_column(String(60), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
