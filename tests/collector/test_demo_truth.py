"""The backwards rule (beyond the register's resolution only) and the vacant-room flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select, update

from app.collector import Collector, PollPlan, Rules
from app.collector.state import Known, MeterFacts, detect, state_values
from app.collector.worker import BusWorker, LinkInfo, MeterInfo, PollResult
from app.db import Database
from app.demo import build_demo
from app.livedata import room_live
from app.models import BillingMode, Event, Meter, MeterRole, Room, Setting
from drivers.meter import MeterSnapshot
from drivers.simulator import BusSimulator, SimClock

from .conftest import ZONE, fast_config, make_site, wait_for
from .test_demo_resume import quick_config

FACTS = MeterFacts(1, 1, 1, BillingMode.PLATFORM, True, None)


def _step(before: str, after: str) -> tuple[list[str], dict[str, object]]:
    """The events of a poll reading ``after`` kWh when ``before`` is stored."""
    known = Known(exists=True, seen=True, online=True, values={"energy_total": Decimal(before)})
    snap = MeterSnapshot("1", "sim-prepaid-modbus", datetime.now(UTC), Decimal(after))
    new = state_values(snap, ZONE)
    specs = detect(known, new, snap, FACTS, Rules(), datetime.now(UTC), None)
    return [s.kind for s in specs], new


def test_backwards_only_beyond_the_resolution() -> None:
    kinds, new = _step("1234.56", "1234.55")  # the last digit rounded the other way
    assert kinds == []
    assert "energy_total" not in new  # the stored register stays where it was
    kinds, new = _step("1234.56", "1234.54")
    assert kinds == ["energy.backwards"]
    assert new["energy_total"] == Decimal("1234.54")
    assert _step("1234.56", "1234.57")[0] == []


def _vacant_events(db: Database, room_id: int) -> list[Event]:
    with db.read() as s:
        return list(
            s.scalars(
                select(Event).where(Event.kind == "vacant.consumption", Event.room_id == room_id)
            )
        )


def test_a_vacant_room_drawing_power_is_flagged_once_per_episode(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    build_demo(db, rooms=20)
    with db.write() as s:
        rows = s.execute(
            select(Meter.room_id, Meter.id)
            .where(Meter.role == MeterRole.TENANT, Meter.room_id.is_not(None))
            .order_by(Meter.id)
        ).all()
        # the demo's vacant rooms draw nothing, except one meter in ten (by id)
        room_id, meter_id = next((r, m) for r, m in rows if m % 10 == 0)
        idle_room = next(r for r, m in rows if m % 10 != 0)
        # every room of the demo vacant (no open account); ours is looked at below
        s.execute(update(Room).values(account_id=None))
        s.add(Setting(key="collector.vacant_watts", value=1))
    collector = collector_factory(quick_config())
    collector.start()
    wait_for(lambda: _vacant_events(db, room_id), 60, "the vacant room flagged")
    polls = collector.stats()["polls"]
    wait_for(lambda: collector.stats()["polls"] > polls + 200, 60, "more polls")
    collector.stop()
    events = _vacant_events(db, room_id)
    assert len(events) == 1  # once per episode, not once per poll
    assert events[0].level == 2 and events[0].meter_id == meter_id
    assert events[0].data["room"] == room_id and events[0].data["watts"] > 1
    with db.read() as s:
        live = room_live(s, ZONE, [room_id, idle_room])
    assert live[room_id].vacant_draw and not live[room_id].let
    assert not live[idle_room].vacant_draw and not live[idle_room].let
    assert _vacant_events(db, idle_room) == []
    # a restart is not a new episode
    again = collector_factory(quick_config())
    again.start()
    wait_for(lambda: again.stats()["polls"] > 200, 60, "polls after the restart")
    again.stop()
    assert len(_vacant_events(db, room_id)) == 1


def test_presence_one_rule_for_every_count() -> None:
    from app.livedata.presence import OFFLINE, ONLINE, UNREAD, presence

    seen = datetime.now(UTC)
    assert presence(True, 0, seen) == ONLINE
    assert presence(True, 2, seen) == ONLINE  # a miss or two: still online
    assert presence(None, None, None) == UNREAD  # no state row: not reached yet
    assert presence(False, 0, None) == UNREAD
    assert presence(False, 3, None) == OFFLINE  # never answered its polls
    assert presence(False, 3, seen) == OFFLINE  # stopped answering


def test_full_snapshots_take_at_most_half_of_a_slow_bus(
    db: Database, sim: BusSimulator, sim_clock: SimClock
) -> None:
    """A 32-meter DL/T 645 bus needs 83 s for one full snapshot of each meter (2.6 s
    each), so a 60 s energy period made every poll a full one and the live values moved
    once a minute and a half. The period now stretches to twice one full sweep."""
    site = make_site(db, sim, {a: BillingMode.METER for a in ("1", "2")})
    config = fast_config(sim_clock, default_plan=PollPlan(energy_period=1.0))
    results: list[PollResult] = []
    meters = [MeterInfo(site.meter_id(a), a, "sim-prepaid-modbus") for a in ("1", "2")]
    link = LinkInfo(site.link_id, "bus", sim.path, 9600, "N", 1, 0.3)
    worker = BusWorker(link, meters, config, results.append, lambda *_: None, lambda *_: None)
    try:
        handle = worker.handles[meters[0].meter_id]
        worker._poll(handle)
        worker._poll(handle)
        assert [r.full for r in results] == [True, False]
        assert worker.full_cost > 0
        worker.full_cost = 10.0  # a slow bus: 2 meters x 10 s, twice
        assert worker._energy_period(handle) == 40.0
        worker.full_cost = 0.01  # a fast one: the plan's period
        assert worker._energy_period(handle) == 1.0
    finally:
        worker.link.close()
