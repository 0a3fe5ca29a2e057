"""Fixtures of the collector tests: a small site on a simulated bus (a real pty), a
collector whose clock is the simulator's accelerated clock, and waiting on conditions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.collector import Collector, CollectorConfig, PollPlan
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
    Room,
    Setting,
    Tenant,
    TenantKind,
)
from drivers.simulator import BusSimulator, SimClock
from drivers.simulator.model import MICRO

ZONE = ZoneInfo("Asia/Shanghai")


def wait_for(predicate: Callable[[], Any], timeout: float = 40.0, what: str = "") -> Any:
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.02)


def sim_start(hour: int = 16, minute: int = 40) -> datetime:
    """A site-local naive start time for the simulated clock: the latest ``hour:minute``
    at least 12 hours before now.

    Never in the future: the services stamp commands with the real time (``expires_at``)
    while the collector runs on the simulated clock, so a simulated clock ahead of the real
    one found every operator command already expired (the tests failed after midnight in
    Shanghai, when "today 16:40" was still to come). 12 hours is room for fast clocks.
    """
    now = datetime.now(ZONE).replace(tzinfo=None)
    start = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    while start > now - timedelta(hours=12):
        start -= timedelta(days=1)
    return start


def fast_config(clock: SimClock, **changes: Any) -> CollectorConfig:
    base: dict[str, Any] = {
        "clock": lambda: clock.now().replace(tzinfo=ZONE),
        "min_poll_interval": 0.02,
        "offline_retry": 0.3,
        "batch_seconds": 0.05,
        "command_poll": 0.05,
        "automation_period": 0.1,
        "heartbeat_period": 0.5,
        "default_plan": PollPlan(energy_period=0.2),
    }
    base.update(changes)
    return CollectorConfig(**base)


@dataclass
class Site:
    """One building, one floor, rooms with a tenant account each, one link on ``sim``."""

    db: Database
    sim: BusSimulator
    link_id: int = 0
    building_id: int = 0
    meters: dict[str, int] = field(default_factory=dict)  # sim address -> meter id
    rooms: dict[str, int] = field(default_factory=dict)  # sim address -> room id
    accounts: dict[str, int] = field(default_factory=dict)

    def meter_id(self, address: str | int) -> int:
        return self.meters[str(address)]

    def state(self, address: str | int) -> MeterState | None:
        with self.db.read() as s:
            return s.get(MeterState, self.meter_id(address))

    def commands(self, address: str | int) -> list[MeterCommand]:
        with self.db.read() as s:
            return list(
                s.scalars(
                    select(MeterCommand)
                    .where(MeterCommand.meter_id == self.meter_id(address))
                    .order_by(MeterCommand.id)
                )
            )

    def command(self, command_id: int) -> MeterCommand:
        with self.db.read() as s:
            cmd = s.get(MeterCommand, command_id)
            assert cmd is not None
            return cmd

    def balance(self, address: str | int) -> int:
        with self.db.read() as s:
            account = s.get(Account, self.accounts[str(address)])
            assert account is not None
            return account.balance_fen


def make_site(
    db: Database, sim: BusSimulator, billing: dict[str, BillingMode], protocol: str = "modbus"
) -> Site:
    """Rows for the meters of ``sim`` named in ``billing`` (address -> billing mode)."""
    site = Site(db, sim)
    profile = "sim-prepaid-modbus" if protocol == "modbus" else "sim-prepaid-dlt645"
    with db.write() as s:
        park = Park(name="测试园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="1号楼")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        link = Link(
            name="bus 1",
            url=sim.path,
            protocol=Protocol(protocol),
            baud=9600,
            parity=Parity.NONE,
            timeout_ms=150,
        )
        s.add_all([floor, link])
        s.flush()
        site.link_id, site.building_id = link.id, building.id
        for address, mode in billing.items():
            tenant = Tenant(name=f"租户{address}", kind=TenantKind.ENTERPRISE)
            s.add(tenant)
            s.flush()
            account = Account(number=f"E{int(address):07d}", tenant_id=tenant.id)
            s.add(account)
            s.flush()
            room = Room(floor_id=floor.id, number=f"1{int(address):02d}", account_id=account.id)
            s.add(room)
            s.flush()
            meter = Meter(
                link_id=link.id,
                address=address,
                profile=profile,
                role=MeterRole.TENANT,
                billing_mode=mode,
                room_id=room.id,
                building_id=building.id,
            )
            s.add(meter)
            s.flush()
            site.meters[address] = meter.id
            site.rooms[address] = room.id
            site.accounts[address] = account.id
    return site


def set_setting(db: Database, key: str, value: Any) -> None:
    with db.write() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value


@pytest.fixture
def sim_clock() -> SimClock:
    return SimClock(start=sim_start(), rate=60)


@pytest.fixture
def sim(sim_clock: SimClock) -> Iterator[BusSimulator]:
    with BusSimulator(count=4, protocol="modbus", clock=sim_clock) as bus:
        for m in bus.meters:
            m.frozen_power_w = 2000.0
            m.balance_u = 1000 * MICRO
        yield bus


@pytest.fixture
def collector_factory(db: Database) -> Iterator[Callable[..., Collector]]:
    made: list[Collector] = []

    def make(config: CollectorConfig, **options: Any) -> Collector:
        collector = Collector(db, config, **options)
        made.append(collector)
        return collector

    yield make
    for collector in made:
        collector.stop()


def later(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)
