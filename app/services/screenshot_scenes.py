"""Demo data the screenshot script writes before it takes its pictures (Qt-free).

``app/ui/screenshots.py`` draws the windows on a throw-away demo database; what it adds to
that database (an alarm scene, two weeks of daily freezes) used to be SQL inside the UI
script. It lives here so app.ui runs no SQL, and a test or a benchmark can build the same
scene. Never used on a real park: the rows are invented.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.db import Database
from app.livedata import local_midnight
from app.models import (
    Account,
    Building,
    Event,
    Floor,
    Meter,
    MeterState,
    Reading,
    ReadingKind,
    Room,
    Tenant,
)


def write_alarm_scene(db: Database, offline: int = 12) -> None:
    """A let room at the cut line (a level-3 alarm) and ``offline`` meters that dropped off
    (level 2), written as the collector would write them."""
    with db.write() as s:
        room = s.scalar(select(Room).where(Room.account_id.is_not(None)).order_by(Room.id))
        if room is None:
            raise ValueError("the demo park has no let room")
        meters = s.scalars(
            select(Meter).where(Meter.room_id.is_not(None)).order_by(Meter.id).limit(offline)
        ).all()
        for meter in meters:
            s.add(
                Event(
                    kind="meter.offline",
                    level=2,
                    meter_id=meter.id,
                    room_id=meter.room_id,
                    message="no reply",
                    data={
                        "misses": 3,
                        "error": "no reply",
                        "never": False,
                        "error_kind": "timeout",
                    },
                )
            )
        s.add(
            Event(
                kind="balance.alarm",
                level=3,
                room_id=room.id,
                message="balance -3.20 yuan reached alarm level 3",
                data={"balance_fen": -320, "alarm": 3},
            )
        )


def seed_daily_history(db: Database, zone: ZoneInfo, days: int = 14) -> int:
    """``days`` midnight freezes for the first let room with a stored reading, so its
    daily-energy chart has something to show; returns the room's id."""
    with db.write() as s:
        row = s.execute(
            select(Room.id, Meter.id, MeterState.energy_total)
            .join(Meter, Meter.room_id == Room.id)
            .join(MeterState, MeterState.meter_id == Meter.id)
            .where(Room.account_id.is_not(None), MeterState.energy_total.is_not(None))
            .order_by(Room.id)
        ).first()
        if row is None:
            raise ValueError("no let room has a reading yet (start the collector first)")
        room_id, meter_id, total = row
        rng = random.Random(7)
        midnight = local_midnight(zone)
        for day in range(1, days + 1):
            total -= Decimal(rng.randrange(1800, 4200)) / 100
            s.add(
                Reading(
                    meter_id=meter_id,
                    kind=ReadingKind.DAILY,
                    ts=midnight - timedelta(days=day),
                    energy_total=total,
                )
            )
    return int(room_id)


def name_office_tenant(db: Database, name: str) -> int:
    """Give the tenant of the first let room in an office building (厂房) ``name`` (a long
    one, for the counter's clipping shots); returns the room's id."""
    with db.write() as s:
        row = s.execute(
            select(Room, Tenant)
            .join(Account, Room.account_id == Account.id)
            .join(Tenant, Account.tenant_id == Tenant.id)
            .join(Floor, Room.floor_id == Floor.id)
            .join(Building, Floor.building_id == Building.id)
            .where(Building.name.like("%厂房%"))
            .order_by(Room.id)
        ).first()
        if row is None:
            raise ValueError("the demo park has no let office room")
        room, tenant = row
        tenant.name = name
        return room.id
