"""Live room summaries: today's kWh before the first midnight freeze exists."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.db import Database
from app.demo import build_demo
from app.livedata.rooms import local_midnight, room_live
from app.models import Meter, MeterRole, MeterState, Reading, ReadingKind

ZONE = ZoneInfo("Asia/Shanghai")


def test_today_counts_from_the_first_reading_when_there_is_no_midnight_freeze(db: Database) -> None:
    build_demo(db, rooms=30)
    midnight = local_midnight(ZONE)
    with db.write() as s:
        meter = s.scalars(
            select(Meter).where(Meter.role == MeterRole.TENANT).order_by(Meter.id)
        ).first()
        room_id = meter.room_id
        s.add(
            Reading(
                meter_id=meter.id,
                kind=ReadingKind.INTERVAL,
                ts=midnight + timedelta(minutes=45),
                energy_total=Decimal("100.00"),
            )
        )
        s.add(
            Reading(
                meter_id=meter.id,
                kind=ReadingKind.INTERVAL,
                ts=midnight + timedelta(minutes=60),
                energy_total=Decimal("100.40"),
            )
        )
        s.add(MeterState(meter_id=meter.id, energy_total=Decimal("101.25"), online=True))
    with db.read() as s:
        live = room_live(s, ZONE, [room_id])[room_id]
        everything = room_live(s, ZONE)[room_id]
    assert live.today_kwh == Decimal("1.25") and everything.today_kwh == Decimal("1.25")
    with db.write() as s:  # once the freeze exists it wins
        s.add(
            Reading(
                meter_id=meter.id,
                kind=ReadingKind.DAILY,
                ts=midnight,
                energy_total=Decimal("99.00"),
            )
        )
    with db.read() as s:
        assert room_live(s, ZONE, [room_id])[room_id].today_kwh == Decimal("2.25")
