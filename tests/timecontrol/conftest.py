"""A small dormitory for the time-control tests: building 宿舍A with floors 1F (rooms 101,
102) and 2F (room 201), a tenant account per room, one meter per room on one link, each
meter online with its relay closed (what the collector would have stored); and helpers to
add timetables and read what the due check did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import (
    Account,
    BillingMode,
    Building,
    Floor,
    Link,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    Parity,
    Park,
    Protocol,
    RelayControl,
    RelayState,
    Room,
    Tenant,
    TenantKind,
    TimetableTransition,
)
from app.security import system_actor
from app.timecontrol import store
from app.timecontrol.plan import HOLIDAY, DayRule, Plan

ZONE = ZoneInfo("Asia/Shanghai")
ADMIN = system_actor(name="cli:test")


def at(text: str) -> datetime:
    """Park wall time ``2026-09-30 23:40`` as an aware UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=ZONE).astimezone(UTC)


@dataclass
class Dorm:
    db: Database
    building_id: int = 0
    floors: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)  # number -> room id
    meters: dict[str, int] = field(default_factory=dict)  # number -> meter id
    accounts: dict[str, int] = field(default_factory=dict)

    def commands(self, number: str) -> list[MeterCommand]:
        with self.db.read() as s:
            return list(
                s.scalars(
                    select(MeterCommand)
                    .where(MeterCommand.meter_id == self.meters[number])
                    .order_by(MeterCommand.id)
                )
            )

    def actions(self, number: str) -> list[str]:
        return [str(c.payload["action"]) for c in self.commands(number) if c.kind == "relay"]

    def transitions(self, number: str) -> list[tuple[str, str]]:
        with self.db.read() as s:
            rows = s.scalars(
                select(TimetableTransition)
                .where(TimetableTransition.meter_id == self.meters[number])
                .order_by(TimetableTransition.at, TimetableTransition.id)
            ).all()
        return [(r.kind, r.outcome) for r in rows]

    def meter_says(
        self, number: str, relay: RelayState, *, reason: str | None = None, rule: str = ""
    ) -> None:
        """What the collector stores once the meter confirmed a switch (and why it was cut);
        the relay commands in flight are done."""
        mid = self.meters[number]
        with self.db.write() as s:
            state = s.get(MeterState, mid)
            assert state is not None
            state.relay = relay
            control = s.get(RelayControl, mid)
            if control is None:
                control = RelayControl(meter_id=mid)
                s.add(control)
            control.cut_reason, control.rule = reason, rule
            from app.models import CommandStatus

            for cmd in s.scalars(select(MeterCommand).where(MeterCommand.meter_id == mid)):
                if cmd.status in (CommandStatus.PENDING, CommandStatus.SENT):
                    cmd.status = CommandStatus.CONFIRMED

    def guarantee(self, number: str, on: bool) -> None:
        with self.db.write() as s:
            state = s.get(MeterState, self.meters[number])
            assert state is not None
            state.guaranteed = on


def build_dorm(db: Database, mode: BillingMode = BillingMode.METER) -> Dorm:
    dorm = Dorm(db)
    with db.write() as s:
        park = Park(name="测试园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="宿舍A")
        link = Link(name="bus 1", url="sim://timecontrol", protocol=Protocol.MODBUS, baud=9600)
        link.parity = Parity.NONE
        s.add_all([building, link])
        s.flush()
        dorm.building_id = building.id
        for fname, numbers in (("1F", ("101", "102")), ("2F", ("201",))):
            floor = Floor(building_id=building.id, name=fname, level=int(fname[0]))
            s.add(floor)
            s.flush()
            dorm.floors[fname] = floor.id
            for n in numbers:
                tenant = Tenant(name=f"学生{n}", kind=TenantKind.DORM)
                s.add(tenant)
                s.flush()
                account = Account(number=f"D{n}", tenant_id=tenant.id, balance_fen=10_000)
                s.add(account)
                s.flush()
                room = Room(floor_id=floor.id, number=n, account_id=account.id)
                s.add(room)
                s.flush()
                meter = Meter(
                    link_id=link.id,
                    address=n,
                    profile="sim-prepaid-modbus",
                    role=MeterRole.TENANT,
                    billing_mode=mode,
                    room_id=room.id,
                    building_id=building.id,
                )
                s.add(meter)
                s.flush()
                s.add(MeterState(meter_id=meter.id, online=True, relay=RelayState.CLOSED))
                dorm.rooms[n], dorm.meters[n], dorm.accounts[n] = room.id, meter.id, account.id
    return dorm


@pytest.fixture
def dorm(db: Database) -> Dorm:
    return build_dorm(db)


def lights_out(
    db: Database,
    scope: tuple[str, tuple[int, ...]],
    *,
    name: str = "宿舍熄灯",
    off: time = time(23, 0),
    on: time = time(6, 30),
    holiday: tuple[time, time] | None = None,
    holidays: tuple[date, ...] = (),
) -> Plan:
    rules = [DayRule(d, off, on) for d in range(7)]
    if holiday is not None:
        rules.append(DayRule(HOLIDAY, *holiday))
    plan = Plan(
        id=0,
        name=name,
        scope_kind=scope[0],
        scope_ids=scope[1],
        valid_from=date(2026, 9, 1),
        valid_to=date(2027, 1, 15),
        rules=tuple(rules),
        holidays=frozenset(holidays),
        remarks="秋季学期",
    )
    return store.add_timetable(db, ADMIN, plan)
