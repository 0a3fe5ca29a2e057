"""A demo night of time control (Qt-free): what the screenshots and the manual show.

On a demo park (``app.demo.build_demo``) the tenant meters are marked online with their
relays closed (what the collector would have stored), two floor timetables are added (2F:
lights-out 23:00 / 06:30 on weekdays, 23:30 / 07:00 at weekends, a holiday in two days; 3F:
a term from today with a holiday rule), the first room of 2F is put under guaranteed
supply (保电), and last night's due check and this morning's run as the collector would
(the meters obeyed in between). The window's shots (``app.ui.timecontrol_shots``) call it:
the windows may not write to the database themselves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from ..db import Database
from ..models import (
    CommandStatus,
    Floor,
    Meter,
    MeterCommand,
    MeterState,
    RelayControl,
    RelayState,
    Room,
)
from ..security import Actor
from . import store
from .execute import REASON, DueCheck, rule_of
from .plan import HOLIDAY, DayRule, Plan


def demo_night(db: Database, admin: Actor, today: date, zone: ZoneInfo) -> str:
    """Meters online, two timetables, a guaranteed room, last night's check; the room
    whose history is shown."""
    with db.write() as s:
        have = set(s.scalars(select(MeterState.meter_id)))
        for meter_id in s.scalars(select(Meter.id).where(Meter.room_id.is_not(None))):
            if meter_id not in have:
                s.add(MeterState(meter_id=meter_id, online=True, relay=RelayState.CLOSED))
        for state in s.scalars(select(MeterState)):
            state.online, state.relay, state.guaranteed = True, RelayState.CLOSED, False
        floors = dict(s.execute(select(Floor.name, Floor.id)).tuples().all())
        rooms = s.execute(
            select(Room.number, Meter.id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Room.floor_id == floors["2F"])
            .order_by(Room.number)
        ).all()
        s.execute(
            update(MeterState).where(MeterState.meter_id == rooms[0][1]).values(guaranteed=True)
        )  # 保电
    night = [DayRule(d, time(23, 0), time(6, 30)) for d in range(5)]
    weekend = [DayRule(d, time(23, 30), time(7, 0)) for d in (5, 6)]
    first = store.add_timetable(
        db,
        admin,
        Plan(0, "2F 熄灯", "floor", (floors["2F"],), today - timedelta(days=3), None,
             (*night, *weekend), frozenset({today + timedelta(days=2)}), "学期作息"),
    )  # fmt: skip
    store.add_timetable(
        db,
        admin,
        Plan(0, "3F 假期", "floor", (floors["3F"],), today, today + timedelta(days=60),
             (DayRule(HOLIDAY, time(22, 0), time(8, 0)), *night), frozenset(), "寒假值班"),
    )  # fmt: skip
    last_night = datetime.combine(today - timedelta(days=1), time(23, 45), tzinfo=zone)
    DueCheck(db, admin, zone).run(last_night.astimezone(UTC))
    with db.write() as s:  # what the collector stores once the meters obeyed
        for command in s.scalars(select(MeterCommand)):
            command.status = CommandStatus.CONFIRMED
        obeyed = [meter_id for _number, meter_id in rooms[1:]]
        s.execute(
            update(MeterState).where(MeterState.meter_id.in_(obeyed)).values(relay=RelayState.OPEN)
        )
        for meter_id in obeyed:
            s.merge(RelayControl(meter_id=meter_id, cut_reason=REASON, rule=rule_of(first.id)))
    morning = datetime.combine(today, time(7, 5), tzinfo=zone)
    DueCheck(db, admin, zone).run(morning.astimezone(UTC))
    return str(rooms[1][0])
