"""Start, stop, restart, link loss, the embedded demo buses, the change feed and the CLI."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.collector import ChangeBatch, Collector, CollectorConfig, PollPlan, Rules, change_seq
from app.db import Database
from app.demo import build_demo
from app.models import BillingMode, Event, MeterState
from drivers.simulator import BusSimulator, SimClock

from .conftest import ZONE, fast_config, make_site, wait_for

ROOT = Path(__file__).resolve().parents[2]


def _online(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(MeterState).where(MeterState.online))


def test_start_stop_restart_and_change_feed(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    collector = collector_factory(fast_config(sim_clock))
    batches: list[ChangeBatch] = []
    unsubscribe = collector.hub.subscribe(batches.append)
    collector.start()
    wait_for(lambda: _online(db) == 4, 10, "all online")
    # the writer publishes each batch just after its commit: the rows can be read a moment
    # before the feed has told its subscribers (a busy CI machine saw it)
    fed = set(site.meters.values())
    wait_for(lambda: set().union(*(b.meters for b in batches)) == fed, 10, "the change feed")
    assert change_seq(db) > 0
    collector.restart()
    seq = change_seq(db)
    wait_for(lambda: change_seq(db) > seq, 10, "changes after restart")
    collector.stop()
    collector.stop()  # twice is harmless
    unsubscribe()
    with db.read() as s:
        online_events = s.scalar(
            select(func.count()).select_from(Event).where(Event.kind == "meter.online")
        )
    assert online_events == 0  # a restart is not a meter coming back


def test_dead_meter_does_not_slow_the_others(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    sim.set_fault(3, dead=True)
    collector = collector_factory(fast_config(sim_clock, offline_retry=5.0))
    collector.start()
    wait_for(lambda: (st := site.state(3)) and st.misses >= 3 and not st.online, 10, "offline")
    start = {a: sim.stats.per_meter.get(a, 0) for a in "1234"}
    wait_for(lambda: sim.stats.per_meter.get("1", 0) - start["1"] >= 40, 10, "meter 1 polled")
    got = {a: sim.stats.per_meter.get(a, 0) - start[a] for a in "1234"}
    assert got["3"] <= 2  # probed once per offline_retry, not every cycle
    assert min(got["1"], got["2"], got["4"]) >= 30
    with db.read() as s:
        assert s.scalar(select(Event.level).where(Event.kind == "meter.offline")) == 2


def test_link_unplugged_and_back(
    tmp_path: Path,
    db: Database,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    with BusSimulator(
        count=2, protocol="modbus", clock=sim_clock, link_path=tmp_path / "ttyUSB0"
    ) as bus:
        site = make_site(db, bus, {"1": BillingMode.METER, "2": BillingMode.METER})
        downs: list[str] = []
        collector = collector_factory(fast_config(sim_clock))
        collector.hub.subscribe(lambda b: downs.extend(b.links.values()))
        collector.start()
        wait_for(lambda: _online(db) == 2, 10, "online")
        bus.unplug()
        wait_for(lambda: any(d.startswith("down") for d in downs), 10, "link down")
        wait_for(lambda: not site.state(1).online, 10, "meters offline")
        bus.replug()
        wait_for(lambda: "up" in downs, 15, "link up")
        wait_for(lambda: _online(db) == 2, 15, "online again")


def test_embedded_demo_buses_serve_the_demo_park(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    build_demo(db, rooms=40)
    collector = collector_factory(
        CollectorConfig(
            sim_rate=60,
            min_poll_interval=0.05,
            batch_seconds=0.1,
            command_poll=0.1,
            default_plan=PollPlan(energy_period=1.0),
        )
    )
    collector.start()
    with db.read() as s:
        meters = s.scalar(select(func.count()).select_from(MeterState)) or 0
    wait_for(lambda: _online(db) >= 43, 30, "demo meters online")  # 40 rooms + 3 building meters
    assert meters <= 43
    assert collector.stats()["buses"] >= 2
    # the building's master meter is a simulated three-phase SDM630: its phases are stored
    wait_for(lambda: _phases_stored(db), 30, "the master meter's phases")


def _phases_stored(db: Database) -> bool:
    with db.read() as s:
        st = s.scalar(select(MeterState).where(MeterState.voltage_c_dv.is_not(None)))
        return st is not None and None not in (st.current_a_ma, st.power_b_w, st.power_w)


def test_rules_no_cut_windows() -> None:
    rules = Rules(
        no_cut_from=time(22),
        no_cut_until=time(8),
        no_cut_weekends=True,
        no_cut_dates=frozenset({datetime(2026, 10, 1).date()}),
    )
    assert rules.no_cut_now(datetime(2026, 11, 25, 23, 0, tzinfo=ZONE)) == "no_cut.night"
    assert rules.no_cut_now(datetime(2026, 11, 25, 7, 59, tzinfo=ZONE)) == "no_cut.night"
    assert rules.no_cut_now(datetime(2026, 11, 25, 12, 0, tzinfo=ZONE)) is None
    assert rules.no_cut_now(datetime(2026, 11, 28, 12, 0, tzinfo=ZONE)) == "no_cut.weekend"
    assert rules.no_cut_now(datetime(2026, 10, 1, 12, 0, tzinfo=ZONE)) == "no_cut.holiday"
    assert [Rules().level(b) for b in (5000, 2000, 500, 0, -1)] == [0, 1, 2, 3, 3]
    assert Rules().level(-500, overdraft_fen=1000) == 2  # still inside the overdraft


def test_interval_slots_follow_site_time() -> None:
    config = CollectorConfig(interval_minutes=15)
    moment = datetime(2026, 11, 25, 17, 44, 59, tzinfo=ZONE)
    assert config.slot(moment) == datetime(2026, 11, 25, 17, 30, tzinfo=ZONE)
    assert config.midnight(config.day(moment)) == datetime(2026, 11, 25, tzinfo=ZONE)


@pytest.mark.slow
def test_cli_collector_runs_and_stops(db_url: str, db: Database) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "collector", "--db", db_url, "--seconds", "0.5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Collector running: 0 buses, 0 meters" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "app", "collector", "--db", db_url, "--interval", "7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and "interval" in bad.stderr
