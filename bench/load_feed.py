"""What dormitory load control costs the collector (app.loadcontrol.feed, issue 19).

A building of ``--meters`` dorm meters under load control (SQLite file, or ``--db``). Measured,
interleaved round by round so the machine's load hits them alike:

* ``offer``: what a bus thread pays per poll result (``LoadFeed.offer``: a set lookup and a
  queue put), for a whole sweep of the park, against ``submit only`` (the writer's
  ``inbox.put`` the bus paid before), and for a meter *not* under control;
* ``batch, no step``: the feed thread's work for one poll of every meter (Samples to the
  detector, meter flags, no detection): detector + feed overhead, no database;
* ``cut``: one forbidden detection handled (``LoadRules.handle``): the write transaction a
  cut holds the writers' lock for (command, load event, room event, audit, room state);
* ``restore sweep``: ``restore_due`` with nothing due (what the feed runs every second)
  and with one room due.

* ``batch, dorm rooms``: the same for a sweep where every meter reads its simulated dorm
  room (drivers.simulator.appliances, 20 s after the last sweep): the steps of a real
  evening, the detections they make and the cuts the rules write;
* ``version check`` / ``refresh``: what keeping the detector true to the database costs
  (``load_version`` every few seconds; the whole refresh of thresholds and whitelists).

The detector is the collector's own (``PlatformDetector``, app.loadcontrol.wiring); with
``--step-detector`` the threshold stand-in round 1 measured with.

    .venv/bin/python bench/load_feed.py [--meters 5000] [--rounds 7] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402

from app.collector.worker import PollResult  # noqa: E402
from app.db import Database, open_database  # noqa: E402
from app.loadcontrol.actions import rule_of  # noqa: E402
from app.loadcontrol.detect import LoadDetector  # noqa: E402
from app.loadcontrol.feed import LoadFeed  # noqa: E402
from app.loadcontrol.rules import LoadRules  # noqa: E402
from app.loadcontrol.signals import Detection, LoadStep, Sample, Verdict  # noqa: E402
from app.loadcontrol.wiring import PlatformDetector, load_version  # noqa: E402
from app.models import (  # noqa: E402
    Account,
    BillingMode,
    Building,
    Floor,
    Link,
    LoadSettings,
    Meter,
    MeterRole,
    MeterState,
    Park,
    Protocol,
    RelayControl,
    RelayState,
    Room,
    Tenant,
    TenantKind,
)
from app.security import system_actor  # noqa: E402
from drivers.meter import MeterSnapshot  # noqa: E402
from drivers.simulator.appliances import DormRoom  # noqa: E402
from tests.security.memkeyring import MemoryKeyring  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
ACTOR = system_actor(name="bench")


class StepDetector:
    """A step up above 1,000 W between two polls is forbidden."""

    def __init__(self) -> None:
        self.last: dict[int, float] = {}

    def feed(self, sample: Sample) -> list[Detection]:
        before = self.last.get(sample.meter_id)
        self.last[sample.meter_id] = sample.power_w
        if before is None or sample.power_w - before <= 1000:
            return []
        step = LoadStep(
            sample.meter_id, sample.at, sample.power_w - before, 1.0, before, sample.power_w
        )
        return [Detection(sample.meter_id, sample.at, Verdict.FORBIDDEN, "heater", 1.0, step)]


def build(db: Database, meters: int) -> list[int]:
    ids: list[int] = []
    with db.write() as s:
        park = Park(name="基准园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="学生公寓1号楼")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        link = Link(name="bus", url="/dev/null", protocol=Protocol.MODBUS)
        s.add_all([floor, link])
        s.flush()
        s.add(LoadSettings(building_id=building.id, actions=["cut", "alarm", "message"]))
        for i in range(meters):
            tenant = Tenant(name=f"学生{i}", kind=TenantKind.DORM)
            s.add(tenant)
            s.flush()
            account = Account(number=f"D{i:06d}", tenant_id=tenant.id)
            s.add(account)
            s.flush()
            room = Room(floor_id=floor.id, number=f"{i:05d}", account_id=account.id)
            s.add(room)
            s.flush()
            meter = Meter(
                link_id=link.id,
                address=str(i + 1),
                profile="sim-prepaid-modbus",
                role=MeterRole.TENANT,
                billing_mode=BillingMode.METER,
                room_id=room.id,
                building_id=building.id,
            )
            s.add(meter)
            s.flush()
            s.add(MeterState(meter_id=meter.id, online=True, relay=RelayState.CLOSED))
            ids.append(meter.id)
    return ids


def sweep(ids: list[int], at: datetime, kw: str = "0.080") -> list[PollResult]:
    """Every meter at the same power (noise under the detector's smallest step)."""
    pf = Decimal("0.90")
    snap = {
        m: MeterSnapshot(str(m), "sim-prepaid-modbus", at, power=Decimal(kw), power_factor=pf)
        for m in ids
    }
    return [PollResult(m, at, snap[m]) for m in ids]


def dorm_sweep(ids: list[int], rooms: dict[int, DormRoom], at: datetime) -> list[PollResult]:
    """Every meter reading its simulated room at ``at`` (site time for the room)."""
    local = (at + timedelta(hours=8)).replace(tzinfo=None)
    out = []
    for m in ids:
        p, pf = rooms[m].reading(local)
        snap = MeterSnapshot(
            str(m),
            "sim-prepaid-modbus",
            at,
            power=Decimal(f"{p / 1000:.4f}"),
            power_factor=Decimal(f"{pf:.3f}"),
        )
        out.append(PollResult(m, at, snap))
    return out


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meters", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--step-detector", action="store_true", help="the stand-in detector")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    folder = tempfile.mkdtemp(prefix="wd-load-bench-")
    db = open_database(args.db or f"sqlite:///{Path(folder) / 'bench.sqlite'}")
    ids = build(db, args.meters)
    clock = [START]
    rules = LoadRules(db, ACTOR, ZONE, lambda: clock[0])
    detector = StepDetector() if args.step_detector else PlatformDetector(db)
    feed = LoadFeed(db, rules, detector, lambda: None, set(ids))
    assert len(feed.meters) == len(ids)
    rooms = {m: DormRoom(m) for m in ids}
    dorm_detector = StepDetector() if args.step_detector else PlatformDetector(db)
    dorm_feed = LoadFeed(db, rules, dorm_detector, lambda: None, set(ids))  # its own state
    evening = START + timedelta(hours=9)  # 21:00 in the park: the busiest hour
    inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
    times: dict[str, list[float]] = {
        k: []
        for k in (
            "submit only",
            "offer + submit",
            "offer, not ours",
            "batch, no step",
            "batch, dorm rooms",
            "cut",
            "restore, none due",
            "restore, one due",
            "version check",
            "refresh",
        )
    }
    cuts = detections = 0
    at = START
    for r in range(args.rounds):
        at += timedelta(seconds=30)
        polls = sweep(ids, at)

        def offer_submit(ps: list[PollResult] = polls) -> None:
            for p in ps:
                feed.offer(p)
                inbox.put(p)

        def submit_only(ps: list[PollResult] = polls) -> None:
            for p in ps:
                inbox.put(p)

        saved, feed.meters = feed.meters, frozenset()
        times["offer, not ours"].append(timed(offer_submit))
        feed.meters = saved
        times["submit only"].append(timed(submit_only))
        times["offer + submit"].append(timed(offer_submit))
        while not inbox.empty():
            inbox.get_nowait()
        batch = feed._take()  # what the feed thread takes: the sweep just offered
        times["batch, no step"].append(timed(lambda b=batch: feed._detect(b)))
        if r == 0:  # the rooms' state before the first timed evening sweep
            dorm_feed._detect(dorm_sweep(ids, rooms, evening))
        evening += timedelta(seconds=20)
        clock[0] = evening
        dorm = dorm_sweep(ids, rooms, evening)
        before = dorm_feed.detections
        times["batch, dorm rooms"].append(timed(lambda b=dorm: dorm_feed._detect(b)))
        detections += dorm_feed.detections - before
        victim = ids[r]
        clock[0] = at
        d = LoadDetector().feed  # a fresh detector: the step is the detection
        d(Sample(victim, at, 80.0, 0.9))
        found = d(Sample(victim, at + timedelta(seconds=20), 1880.0, 0.995))
        assert found and found[0].verdict is Verdict.FORBIDDEN
        started = time.perf_counter()
        done = rules.handle(found)
        times["cut"].append(time.perf_counter() - started)
        event_id = done.load_events[0]
        with db.write() as s:
            control = RelayControl(meter_id=victim, cut_reason="load", rule=rule_of(event_id))
            s.merge(control)
            state = s.get(MeterState, victim)
            assert state is not None
            state.relay = RelayState.OPEN
        times["restore, none due"].append(timed(rules.restore_due))
        clock[0] = at + timedelta(minutes=6)
        times["restore, one due"].append(timed(rules.restore_due))

        def version() -> None:
            with db.read() as s:
                load_version(s)

        times["version check"].append(timed(version))
        times["refresh"].append(timed(feed.reload))
    with db.read() as s:
        from app.models import LoadEvent

        cuts = len(s.scalars(select(LoadEvent.id).where(LoadEvent.action == "cut")).all())
    load = Path("/proc/loadavg").read_text().split()[:3] if os.path.exists("/proc/loadavg") else []
    print(f"load control on {len(ids)} meters, {args.rounds} rounds, {db.url.split(':')[0]}")
    base = statistics.median(times["submit only"])
    for name, values in times.items():
        med = statistics.median(values)
        extra = (
            f"   x{med / base:5.2f} of submit only" if "submit" in name or "ours" in name else ""
        )
        print(f"  {name:<18} {med * 1000:9.2f} ms (median){extra}")
    print(f"  dorm-room sweeps: {detections} detections, {cuts} cuts in all (with the timed ones)")
    print(f"  detector: {type(feed.detector).__name__}")
    print(f"load average {' '.join(load)}")


if __name__ == "__main__":
    main()
