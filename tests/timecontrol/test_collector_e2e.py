"""The real collector executes timetables on simulated meters (a pty bus), both back ends.

The collector's clock is a frozen simulated clock the test moves (``jump``), and its due
check runs every 0.05 s of real time, so "the PC was off at 23:00" is a collector stopped
at 22:50 and started at 23:40; nothing waits on a sleep, only on the meters' relays and
the stored rows (``wait_for``)."""

from __future__ import annotations

import time as _time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from app.collector import Collector, CollectorConfig
from app.db import Database
from app.models import BillingMode, Event, MeterState, RelayControl, RelayState
from app.timecontrol.execute import DueCheck, rule_of
from drivers.simulator import BusSimulator, SimClock
from drivers.simulator.model import MICRO
from tests.collector.conftest import fast_config, make_site, wait_for

from .conftest import ADMIN, ZONE, at, lights_out

METER = BillingMode.METER


def jump(clock: SimClock, when: str) -> None:
    """Move the frozen simulated clock to park wall time ``when`` (the PC's clock)."""
    with clock._lock:
        clock.start = datetime.fromisoformat(when)
        clock._t0 = _time.monotonic()


@pytest.fixture
def collectors(db: Database) -> Iterator[Callable[[CollectorConfig], Collector]]:
    made: list[Collector] = []

    def make(config: CollectorConfig) -> Collector:
        collector = Collector(db, config)
        made.append(collector)
        return collector

    yield make
    for collector in made:
        collector.stop()


@pytest.fixture
def clock() -> SimClock:
    return SimClock(start=datetime(2026, 9, 30, 22, 50), rate=0)


@pytest.fixture
def bus(clock: SimClock) -> Iterator[BusSimulator]:
    with BusSimulator(count=2, protocol="modbus", clock=clock) as sim:
        for m in sim.meters:
            m.frozen_power_w = 500.0
            m.balance_u = 1000 * MICRO
        yield sim


def _control(db: Database, meter_id: int) -> tuple[str | None, str, RelayState]:
    with db.read() as s:
        control = s.get(RelayControl, meter_id)
        state = s.get(MeterState, meter_id)
        assert state is not None
        if control is None:
            return None, "", state.relay
        return control.cut_reason, control.rule, state.relay


def test_a_timetable_across_a_holiday_and_restarts(
    db: Database,
    bus: BusSimulator,
    clock: SimClock,
    collectors: Callable[[CollectorConfig], Collector],
) -> None:
    """Wednesday 2026-09-30 lights-out 23:00-06:30; Thursday 10-01 is a holiday whose rule
    (00:30-09:00) merges with the night before: power back at 09:00, not 06:30. The PC is
    off at 23:00 (the cut happens at start, once), restarted in the window (no second cut)
    and off again at 06:30 (nothing to do at 07:00: the holiday window holds)."""
    site = make_site(db, bus, {"1": METER, "2": METER})
    plan = lights_out(
        db,
        ("building", (site.building_id,)),
        holiday=(time(0, 30), time(9, 0)),
        holidays=(datetime(2026, 10, 1).date(),),
    )
    config = fast_config(clock, timetable_period=0.05)
    meters = [site.meter_id(1), site.meter_id(2)]
    first = collectors(config)
    first.start()
    wait_for(lambda: all(site.state(a) and site.state(a).online for a in (1, 2)), 30, "online")
    first.stop()
    assert all(not bus.meter(a).relay_cut for a in (1, 2))  # 22:50: nothing yet

    jump(clock, "2026-09-30 23:40")  # the PC was off at 23:00
    second = collectors(config)
    second.start()
    wait_for(lambda: all(bus.meter(a).relay_cut for a in (1, 2)), 30, "cut at start")
    for mid in meters:
        wait_for(lambda m=mid: _control(db, m)[2] is RelayState.OPEN, 30, "state open")
        assert _control(db, mid)[:2] == ("timetable", rule_of(plan.id))
    second.stop()

    third = collectors(config)  # a restart inside the window: nothing twice
    third.start()
    assert DueCheck(db, ADMIN, ZONE).run(at("2026-09-30 23:45")).commands == []
    third.stop()

    jump(clock, "2026-10-01 07:00")  # holiday morning: the merged window holds until 09:00
    assert DueCheck(db, ADMIN, ZONE).run(at("2026-10-01 07:00")).commands == []
    fourth = collectors(config)
    fourth.start()
    jump(clock, "2026-10-01 09:05")
    wait_for(lambda: not any(bus.meter(a).relay_cut for a in (1, 2)), 30, "restored")
    for mid in meters:
        wait_for(lambda m=mid: _control(db, m)[2] is RelayState.CLOSED, 30, "state closed")
    fourth.stop()

    for a in (1, 2):
        actions = [str(c.payload["action"]) for c in site.commands(a) if c.kind == "relay"]
        assert actions == ["cut", "close"]
    with db.read() as s:
        from app.models import TimetableTransition

        rows = s.scalars(select(TimetableTransition).order_by(TimetableTransition.id)).all()
        kinds = sorted((r.meter_id, r.kind, r.at) for r in rows)
        events = s.scalars(select(Event.kind).where(Event.kind.like("timetable.%"))).all()
    off, on = datetime(2026, 9, 30, 15, 0, tzinfo=UTC), datetime(2026, 10, 1, 1, 0, tzinfo=UTC)
    assert kinds == sorted([(m, "off", off) for m in meters] + [(m, "on", on) for m in meters])
    assert sorted(events) == ["timetable.cut"] * 2 + ["timetable.restore"] * 2


def test_guaranteed_supply_overrides_the_timetable(
    db: Database,
    bus: BusSimulator,
    clock: SimClock,
    collectors: Callable[[CollectorConfig], Collector],
) -> None:
    """Meter 1 is under guaranteed supply (保电) at 23:10: only meter 2 is cut; when 保电
    ends inside the window, the timetable cuts meter 1 too."""
    site = make_site(db, bus, {"1": METER, "2": METER})
    lights_out(db, ("building", (site.building_id,)))
    bus.meter(1).guarantee = True
    jump(clock, "2026-09-30 23:10")
    collector = collectors(fast_config(clock, timetable_period=0.05))
    collector.start()
    wait_for(lambda: bus.meter(2).relay_cut, 30, "meter 2 cut")

    def held() -> bool:
        with db.read() as s:
            kinds = s.scalars(select(Event.kind).where(Event.meter_id == site.meter_id(1)))
            return "timetable.held" in set(kinds)

    wait_for(held, 30, "the held event")
    assert not bus.meter(1).relay_cut
    assert not [c for c in site.commands(1) if c.kind == "relay"]
    bus.meter(1).guarantee = False
    wait_for(lambda: bus.meter(1).relay_cut, 30, "meter 1 cut once 保电 ended")
    collector.stop()
    with db.read() as s:
        held_events = s.scalars(
            select(Event).where(Event.kind == "timetable.held", Event.meter_id == site.meter_id(1))
        ).all()
    assert len(held_events) == 1
