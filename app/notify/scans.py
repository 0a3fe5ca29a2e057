"""Messages that come from *time*, not from one event: checked once a minute by the planner.

A meter offline for longer than ``offline_minutes`` (staff), a meter-side recharge still
pending after ``pending_minutes`` (staff), an open bill past its due date (the tenant), the
staff's daily summary after ``summary_hour``. Each finding is keyed (the meter and the time
it was last seen; the command; the bill; the date), so every desk's planner may run the scan
and each message is still queued once: the outbox's unique key decides.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import Bill, BillStatus, CommandStatus, Meter, MeterCommand, MeterState, Room
from .rules import NotifySettings, load_settings, queue
from .values import account_values, bill_values, pending_command_values, summary_values


def plan(db: Database, now: datetime, done: set[str] | None = None) -> int:
    """Run every scan in one transaction; how many messages it queued. ``done`` (the
    planner's memory) holds the findings already queued, so a long-overdue bill is not
    looked at again every minute."""
    seen = done if done is not None else set()
    with db.write() as s:
        settings = load_settings(s)
        if not settings.channels:
            return 0
        return (
            _offline(s, settings, now, seen)
            + _pending(s, settings, now, seen)
            + _overdue(s, settings, now, seen)
            + _summary(s, settings, now, seen)
        )


def _offline(s: Session, settings: NotifySettings, now: datetime, seen: set[str]) -> int:
    if not settings.enabled("meter_offline"):
        return 0
    since = now - timedelta(minutes=settings.offline_minutes)
    rows = s.execute(
        select(Meter.id, Meter.address, Meter.room_id, MeterState.last_seen)
        .join(MeterState, MeterState.meter_id == Meter.id)
        .where(
            Meter.removed_at.is_(None),
            MeterState.online.is_(False),
            MeterState.last_seen.is_not(None),
            MeterState.last_seen < since,
        )
    ).all()
    made = 0
    for meter_id, address, room_id, last in rows:
        key = f"meter_offline:{meter_id}:{last:%Y%m%dT%H%M%S}"
        if key in seen:
            continue
        account = s.scalar(select(Room.account_id).where(Room.id == room_id)) if room_id else None
        values = account_values(s, account, room_id)
        values.update(meter=address, minutes=int((now - last).total_seconds() // 60))
        made += queue(s, settings, "meter_offline", key, values, room_id=room_id, now=now)
        seen.add(key)
    return made


def _pending(s: Session, settings: NotifySettings, now: datetime, seen: set[str]) -> int:
    if not settings.enabled("recharge_pending"):
        return 0
    since = now - timedelta(minutes=settings.pending_minutes)
    made = 0
    for cmd in s.scalars(
        select(MeterCommand).where(
            MeterCommand.kind == "recharge",
            MeterCommand.status.in_((CommandStatus.PENDING, CommandStatus.SENT)),
            MeterCommand.created_at < since,
        )
    ):
        key = f"recharge_pending:{cmd.id}"
        if key in seen:
            continue
        values = pending_command_values(s, cmd)
        values["minutes"] = int((now - cmd.created_at).total_seconds() // 60)
        made += queue(s, settings, "recharge_pending", key, values, now=now)
        seen.add(key)
    return made


def _overdue(s: Session, settings: NotifySettings, now: datetime, seen: set[str]) -> int:
    if not settings.enabled("bill_overdue"):
        return 0
    today = now.astimezone(ZoneInfo(settings.zone)).date()
    made = 0
    for bill in s.scalars(
        select(Bill).where(Bill.status == BillStatus.OPEN, Bill.due_date < today)
    ):
        key = f"bill_overdue:{bill.id}"
        if key in seen:
            continue
        values = {**account_values(s, bill.account_id, None), **bill_values(bill, today)}
        made += queue(s, settings, "bill_overdue", key, values, account_id=bill.account_id, now=now)
        seen.add(key)
    return made


def _summary(s: Session, settings: NotifySettings, now: datetime, seen: set[str]) -> int:
    if not settings.enabled("daily_summary"):
        return 0
    zone = ZoneInfo(settings.zone)
    local = now.astimezone(zone)
    if local.hour < settings.summary_hour:
        return 0
    key = f"daily_summary:{local.date()}"
    if key in seen:
        return 0
    end = datetime.combine(local.date(), datetime.min.time(), zone)
    values = summary_values(s, end - timedelta(days=1), end)
    seen.add(key)
    return queue(s, settings, "daily_summary", key, values, now=now)
