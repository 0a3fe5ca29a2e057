"""Time control (时间控制, issue 17): supply timetables and the transitions they executed.

- ``timetable``: a named timetable for a scope (``building`` / ``floor`` / ``account`` with
  one id, ``rooms`` with a room group's ids in ``scope_ids``), in force from ``valid_from``
  to ``valid_to`` (a term; open-ended when NULL), with remarks. ``active`` is cleared by
  ``schedule remove``; the row stays because executed transitions point at it, and
  ``removed_at`` is when its cuts were given back (``app.timecontrol.execute``);
  ``changed_at`` is its last edit (a cut the edit no longer wants is given back then).
- ``timetable_rule``: per weekday (0 Monday .. 6 Sunday) or 7 (the holiday rule), the time
  the supply goes off and the time it comes on (on before off: the next morning).
- ``timetable_holiday``: a date on which the holiday rule replaces the weekday rule.
- ``timetable_transition``: one row per transition executed for one meter. Its UNIQUE key
  (timetable, meter, instant, off|on) is what makes a transition happen once, even with two
  workstations running the due check at the same minute: the second insert fails and its
  whole transaction (command, audit row, event) rolls back.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    SmallInteger,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import BigId, UTCDateTime


class Timetable(Base):
    """A supply timetable (作息表) for a building, floor, room group or account."""

    __tablename__ = "timetable"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    scope_kind: Mapped[str] = mapped_column(String(16))  # building | floor | rooms | account
    scope_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)
    remarks: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="RESTRICT"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)  # last edit


class TimetableRule(Base):
    """Off and on times of one weekday (0 Monday .. 6 Sunday) or of holidays (7)."""

    __tablename__ = "timetable_rule"
    __table_args__ = (UniqueConstraint("timetable_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    timetable_id: Mapped[int] = mapped_column(
        ForeignKey("timetable.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[int] = mapped_column(SmallInteger)
    off_at: Mapped[time] = mapped_column(Time)
    on_at: Mapped[time] = mapped_column(Time)


class TimetableHoliday(Base):
    """A holiday (节假日) of one timetable: its holiday rule applies that day."""

    __tablename__ = "timetable_holiday"
    timetable_id: Mapped[int] = mapped_column(
        ForeignKey("timetable.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    remark: Mapped[str] = mapped_column(String(100), default="")


class TimetableTransition(Base):
    """A transition executed for one meter (exactly once: the unique key decides)."""

    __tablename__ = "timetable_transition"
    __table_args__ = (UniqueConstraint("timetable_id", "meter_id", "at", "kind"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    timetable_id: Mapped[int] = mapped_column(
        ForeignKey("timetable.id", ondelete="RESTRICT"), index=True
    )
    meter_id: Mapped[int] = mapped_column(ForeignKey("meter.id", ondelete="RESTRICT"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(3))  # off | on
    outcome: Mapped[str] = mapped_column(String(30))  # queued | already_off | not_ours ...
    command_id: Mapped[int | None] = mapped_column(BigId, default=None)
    executed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
