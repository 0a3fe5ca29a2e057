"""Batch benchmark (issue 17): a relay batch over ~1,000 meters on 32 simulated buses at
9600 8E1 (wire time emulated), against the wire time the same work needs; a 10,000-row
recharge sheet checked and posted on SQLite.

Relay: the baseline is the bare wire work, measured in this run on the same simulators:
one thread per bus switches each of its meters directly through the drivers (the relay
write and its read-back, then the collector's full read-back snapshot), no database. The
batch is then created (one transaction) and run by the real collector (polling on, as at a
site); its time is from creation to every item done. Goal: batch <= 1.2 x baseline. Also
printed: polls of the routine sweep during the batch (they must not stop).

Sheet: 10,000 rows (platform-side rooms) checked (goal <= 5 s) and posted by the engine
from this process (``batch work``'s loop; goal <= 60 s), one ledger posting per row, in
groups (``engine.GROUP`` postings per transaction). Meanwhile a cashier thread recharges at
the counter (at most 20 a second): its p50/p99 against the same recharges alone is the cost
of a group's transaction to the counter. The relay part prints the executor's command steps
per write transaction (``app.collector.commitgroup``).

    .venv/bin/python bench/batch.py [--buses 32] [--meters 32] [--rows 10000] [--skip-relay]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import collector as bench_collector  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.batch import BatchRequest, Selection, approve, create, preview, tick  # noqa: E402
from app.collector import Collector, CollectorConfig, PollPlan  # noqa: E402
from app.db import open_database  # noqa: E402
from app.models import (  # noqa: E402
    Account,
    Batch,
    BatchItem,
    BatchStatus,
    Building,
    Floor,
    ItemState,
    Park,
    Role,
    Room,
    Tenant,
    TenantKind,
)
from app.security import system_actor  # noqa: E402
from drivers.bus import link_for, meter_for  # noqa: E402
from drivers.meter import RelayCommand  # noqa: E402

ACTOR = system_actor(name="bench")


def load() -> str:
    a, b, c = os.getloadavg()
    return f"load average {a:.2f} {b:.2f} {c:.2f} on {os.cpu_count()} CPUs"


def baseline(paths: list[str], meters: int, action: RelayCommand) -> float:
    """Seconds for every bus (in parallel) to switch its meters directly, with read-back."""

    def bus(path: str) -> None:
        link = link_for(path, "sim-prepaid-modbus", baudrate=9600, parity="E", timeout=0.3)
        try:
            for a in range(1, meters + 1):
                meter = meter_for(link, "sim-prepaid-modbus", a)
                meter.set_relay(action)
                meter.read()  # the collector reads the whole meter back after a command
        finally:
            link.close()

    threads = [threading.Thread(target=bus, args=(p,)) for p in paths]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def relay(args: argparse.Namespace) -> None:
    tmp = tempfile.mkdtemp()
    procs, paths = bench_collector.start_sims(args.buses, args.meters)
    try:
        url = f"sqlite:///{tmp}/relay.sqlite"
        bench_collector.build(url, paths, args.meters)
        wire = baseline(paths, args.meters, RelayCommand.CUT)  # cut directly ...
        db = open_database(url)
        config = CollectorConfig(
            min_poll_interval=args.poll_interval, default_plan=PollPlan(energy_period=60)
        )
        collector = Collector(db, config)
        collector.start()
        time.sleep(3)  # every meter answered once
        polls0 = sum(w.polls for w in collector.workers.values())
        t0 = time.perf_counter()
        batch_id = create(db, ACTOR, BatchRequest("close", Selection(building="B")))  # ... restore
        collector.wake()
        while True:
            with db.read() as s:
                batch = s.get(Batch, batch_id)
                assert batch is not None
                if batch.status is BatchStatus.DONE:
                    break
            time.sleep(0.05)
        took = time.perf_counter() - t0
        polls = sum(w.polls for w in collector.workers.values()) - polls0
        group = collector._executor.commits if collector._executor else None
        grouped = f"{group.steps / max(group.commits, 1):.1f}" if group else "?"
        with db.read() as s:
            done = s.scalar(
                select(func.count(BatchItem.id)).where(
                    BatchItem.batch_id == batch_id, BatchItem.state == ItemState.DONE
                )
            )
        collector.stop()
        db.dispose()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    n = args.buses * args.meters
    print(f"relay batch: {args.buses} buses x {args.meters} meters = {n} items, {done} done")
    print(f"  bare wire work (direct, parallel buses): {wire:6.2f} s")
    print(
        f"  batch through the collector:             {took:6.2f} s = "
        f"{took / wire:.2f} x (goal <= 1.2)"
    )
    print(f"  routine polls meanwhile: {polls} ({polls / took:.1f}/s); {load()}")
    print(f"  command steps per write transaction (group commit): {grouped}")


def sheet_site(url: str, rows: int) -> Path:
    db = open_database(url, create=True)
    with db.write() as s:
        park = Park(name="bench")
        s.add(park)
        s.flush()
        b = Building(park_id=park.id, name="S")
        s.add(b)
        s.flush()
        f = Floor(building_id=b.id, name="1F")
        s.add(f)
        s.flush()
        for i in range(rows):
            t = Tenant(name=f"t{i}", kind=TenantKind.DORM)
            s.add(t)
            s.flush()
            acc = Account(number=f"S{i:06d}", tenant_id=t.id)
            s.add(acc)
            s.flush()
            s.add(Room(floor_id=f.id, number=f"R{i:05d}", account_id=acc.id))
    db.dispose()
    path = Path(url.removeprefix("sqlite:///")).with_suffix(".csv")
    path.write_text(
        "room,amount\n" + "".join(f"R{i:05d},{10 + i % 90}.50\n" for i in range(rows)),
        encoding="utf-8",
    )
    return path


def sheet(args: argparse.Namespace) -> None:
    tmp = tempfile.mkdtemp()
    url = f"sqlite:///{tmp}/sheet.sqlite"
    path = sheet_site(url, args.rows)
    db = open_database(url)
    from app.models import Operator
    from app.security.operators import actor_of

    with db.write() as s:
        ops = [
            Operator(login=n, display_name=n, role=Role.ADMIN, password_hash="x")
            for n in ("a1", "a2")
        ]
        s.add_all(ops)
        s.flush()
        a1, a2 = (actor_of(o, "bench") for o in ops)
    # the bare recharge service, same database, same run: the cost the batch builds on
    from app.ledger.recharge import RechargeRequest, recharge

    with db.read() as s:
        rooms = list(s.scalars(select(Room.id).order_by(Room.id).limit(args.baseline)))
    alone: list[float] = []
    t0 = time.perf_counter()
    for i, room_id in enumerate(rooms):
        t1 = time.perf_counter()
        recharge(db, a1, RechargeRequest("1.00", "transfer", f"bench-bare-{i:06d}", room_id))
        alone.append(time.perf_counter() - t1)
    bare = (time.perf_counter() - t0) / max(len(rooms), 1)
    counter: list[float] = []  # the cashier's recharges while the batch posts
    posting = threading.Event()

    def cashier() -> None:
        i = 0
        while posting.is_set():
            room_id = rooms[i % len(rooms)]
            t1 = time.perf_counter()
            recharge(db, a1, RechargeRequest("1.00", "cash", f"bench-desk-{i:06d}", room_id))
            counter.append(time.perf_counter() - t1)
            i += 1
            time.sleep(0.05)  # a busy counter: 20 recharges a second at most

    t0 = time.perf_counter()
    plan = preview(db, a1, BatchRequest("recharge", sheet=path))
    checked = time.perf_counter() - t0
    t0 = time.perf_counter()
    batch_id = create(db, a1, BatchRequest("recharge", sheet=path))
    created = time.perf_counter() - t0
    approve(db, a2, batch_id)
    posting.set()
    desk = threading.Thread(target=cashier)
    desk.start()
    t0 = time.perf_counter()
    while tick(db, workstation="bench", chunk=500).posted:
        pass
    posted = time.perf_counter() - t0
    posting.clear()
    desk.join()
    with db.read() as s:
        done = s.scalar(
            select(func.count(BatchItem.id)).where(
                BatchItem.batch_id == batch_id, BatchItem.state == ItemState.DONE
            )
        )
    db.dispose()
    print(f"recharge sheet: {args.rows} rows, {len(plan.targets)} valid, {done} posted")
    print(f"  check (read + validate every row): {checked:6.2f} s (goal <= 5)")
    print(f"  create (one transaction):          {created:6.2f} s")
    per = posted / max(done or 1, 1)
    print(f"  post (one ledger posting per row): {posted:6.2f} s (goal <= 60); {load()}")
    print(
        f"  per row {per * 1000:.1f} ms vs the bare recharge service {bare * 1000:.1f} ms "
        f"({per / bare:.2f} x)"
    )
    print(
        f"  the counter's recharge p50/p99: alone {pct(alone, 50):.0f}/{pct(alone, 99):.0f} ms, "
        f"while the batch posts {pct(counter, 50):.0f}/{pct(counter, 99):.0f} ms "
        f"({len(counter)} recharges)"
    )


def pct(values: list[float], p: int) -> float:
    """The p-th percentile in milliseconds (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(p / 100 * len(ordered)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--buses", type=int, default=32)
    ap.add_argument("--meters", type=int, default=32)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--baseline", type=int, default=300, help="bare recharges timed")
    ap.add_argument("--poll-interval", type=float, default=1.0, help="seconds per meter")
    ap.add_argument("--skip-relay", action="store_true")
    ap.add_argument("--skip-sheet", action="store_true")
    args = ap.parse_args()
    import keyring

    from tests.security.memkeyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    if not args.skip_sheet:
        sheet(args)
    if not args.skip_relay:
        relay(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
