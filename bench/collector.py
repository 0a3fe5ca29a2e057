"""Collector benchmark: 16 simulated buses x 32 meters, wire time emulated at 9600 8E1.

Linux (or macOS) only: the simulators serve ptys and the wire-time figures rely on Linux's
timer slack; WattDesk itself (the GUI, the demo's in-process sim:// buses) needs neither.

Simulators run as separate processes (``python -m drivers.simulator --wire-time``) so the
CPU figure is the collector's own (bus workers, writer, dispatcher, SQLite). Prints:
aggregate bus occupancy as a ratio of the wire limit (each transaction's bytes x 11 bits /
9600 + 2 x t3.5, from the links' frame traces), collector CPU as % of one core, database
write time per batch, latency from a relay command queued mid-sweep to its frame on the wire,
and from a recharge commit to its confirmation. A bus worker that died (a refused port lock,
a crash) is a failure: printed as such, exit status 1, whatever the other figures say.

    .venv/bin/python bench/collector.py [--buses 16] [--meters 32] [--seconds 20]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.collector import ChangeBatch, Collector, CollectorConfig, PollPlan  # noqa: E402
from app.db import open_database  # noqa: E402
from app.ledger.recharge import RechargeRequest, recharge  # noqa: E402
from app.models import (  # noqa: E402
    Account,
    BillingMode,
    Building,
    CommandStatus,
    Floor,
    Link,
    Meter,
    MeterCommand,
    MeterRole,
    Parity,
    Park,
    Protocol,
    Room,
    Tenant,
    TenantKind,
)
from app.security import system_actor  # noqa: E402
from app.services.commands import request_relay  # noqa: E402

CHAR = 11 / 9600
T35 = 3.5 * CHAR
ACTOR = system_actor(name="bench")


def start_sims(buses: int, meters: int) -> tuple[list[subprocess.Popen[str]], list[str]]:
    procs, paths = [], []
    for i in range(buses):
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "drivers.simulator",
                "--meters",
                str(meters),
                "--protocol",
                "modbus",
                "--baud",
                "9600",
                "--wire-time",
                "--seed",
                str(i + 1),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(p)
    for p in procs:
        assert p.stdout is not None
        paths.append(p.stdout.readline().strip())
        p.stdout.readline()
    return procs, paths


def build(db_url: str, paths: list[str], meters: int) -> dict[int, int]:
    db = open_database(db_url)
    rooms: dict[int, int] = {}
    with db.write() as s:
        park = Park(name="bench")
        s.add(park)
        s.flush()
        b = Building(park_id=park.id, name="B")
        s.add(b)
        s.flush()
        f = Floor(building_id=b.id, name="1F")
        s.add(f)
        s.flush()
        for i, path in enumerate(paths):
            link = Link(
                name=f"bus {i}",
                url=path,
                protocol=Protocol.MODBUS,
                baud=9600,
                parity=Parity.EVEN,  # 8E1 like the simulators: the link keeps their t3.5
                timeout_ms=300,
            )
            s.add(link)
            s.flush()
            for a in range(1, meters + 1):
                t = Tenant(name=f"t{i}-{a}", kind=TenantKind.SHOP)
                s.add(t)
                s.flush()
                acc = Account(number=f"A{i:02d}{a:03d}", tenant_id=t.id)
                s.add(acc)
                s.flush()
                room = Room(floor_id=f.id, number=f"{i}-{a}", account_id=acc.id)
                s.add(room)
                s.flush()
                m = Meter(
                    link_id=link.id,
                    address=str(a),
                    profile="sim-prepaid-modbus",
                    role=MeterRole.TENANT,
                    billing_mode=BillingMode.METER,
                    room_id=room.id,
                    building_id=b.id,
                )
                s.add(m)
                s.flush()
                rooms[m.id] = room.id
    db.dispose()
    return rooms


def occupancy(collector: Collector, t0: float, t1: float) -> list[float]:
    ratios = []
    for worker in collector.workers.values():
        entries = [e for e in worker.link.trace.entries() if t0 <= e.time <= t1]
        if len(entries) < 2:
            continue
        start = entries[0].time  # the ring buffer (1000 frames) may not reach back to t0
        busy = 0.0
        for tx, rx in itertools.pairwise(entries):
            if tx.direction == "tx" and rx.direction == "rx":
                busy += (len(tx.raw) + len(rx.raw)) * CHAR + 2 * T35
        ratios.append(busy / (t1 - start))
    return ratios


def bus_failures(collector: Collector) -> list[str]:
    """Every bus that did not do its work: a dead worker, a crash (even if restarted), a
    link that never opened. Counted, never averaged into the figures."""
    out = [
        f"{p.link}: worker crashed {p.crashes}x ({p.reason})" for p in collector.problems.values()
    ]
    for worker in collector.workers.values():
        if not worker.is_alive() and worker.info.link_id not in collector.problems:
            out.append(f"{worker.info.name}: worker not running ({worker.failure or 'stopped'})")
        elif worker.polls == 0:
            out.append(f"{worker.info.name}: no poll answered ({worker.link.last_error or '?'})")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--buses", type=int, default=16)
    ap.add_argument("--meters", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()
    import keyring

    from tests.security.memkeyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    tmp = tempfile.mkdtemp()
    procs, paths = start_sims(args.buses, args.meters)
    try:
        url = f"sqlite:///{tmp}/bench.sqlite"
        rooms = build(url, paths, args.meters)
        db = open_database(url)
        config = CollectorConfig(min_poll_interval=0.0, default_plan=PollPlan(energy_period=30))
        collector = Collector(db, config)
        statuses: dict[int, tuple[float, CommandStatus]] = {}

        def observe(batch: ChangeBatch) -> None:
            for cid in batch.commands:
                with db.read() as s:
                    cmd = s.get(MeterCommand, cid)
                    if cmd is not None:
                        statuses[cid] = (time.time(), cmd.status)

        collector.hub.subscribe(observe)
        collector.start()
        time.sleep(3)  # warm-up: every meter answered once, full snapshots taken
        cpu0, t0, batches0 = time.process_time(), time.time(), collector.stats()["batches"]
        write0 = collector.stats()["write_seconds"]
        relay_lat, recharge_lat = [], []
        meter_ids = sorted(rooms)
        for i in range(5):
            time.sleep(args.seconds / 6)
            mid = meter_ids[(i * 37) % len(meter_ids)]
            t_req = time.time()
            request_relay(db, ACTOR, mid, "cut" if i % 2 == 0 else "close")
            collector.wake()
            worker = next(w for w in collector.workers.values() if mid in w.handles)
            deadline = time.time() + 5
            while time.time() < deadline:
                frames = [
                    e
                    for e in worker.link.trace.entries(50)
                    if e.time >= t_req
                    and e.direction == "tx"
                    and len(e.raw) > 3
                    and e.raw[1] == 0x06
                    and e.raw[2:4] == b"\x00\x40"
                ]
                if frames:
                    relay_lat.append(frames[0].time - t_req)
                    break
                time.sleep(0.001)
            t_pay = time.time()
            res = recharge(
                db,
                ACTOR,
                RechargeRequest(
                    amount="10",
                    method="cash",
                    idempotency_key=f"bench-recharge-{i:04d}",
                    room_id=rooms[mid],
                ),
            )
            collector.wake()
            cid = res.command_id
            while time.time() < deadline + 5:
                got = statuses.get(cid or 0)
                if got and got[1] is CommandStatus.CONFIRMED:
                    recharge_lat.append(got[0] - t_pay)
                    break
                time.sleep(0.002)
        t1, cpu1 = time.time(), time.process_time()
        stats = collector.stats()
        ratios = occupancy(collector, t0, t1)
        failures = bus_failures(collector)
        collector.stop()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    elapsed = t1 - t0
    batches = stats["batches"] - batches0
    load = os.getloadavg()
    print(
        f"{args.buses} buses x {args.meters} meters, {elapsed:.1f} s measured; load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    for failure in failures:
        print(f"FAILED bus: {failure}")
    if ratios:
        print(
            f"bus occupancy vs wire limit: mean {statistics.mean(ratios):.1%}, "
            f"min {min(ratios):.1%} (goal >= 95%)"
        )
    print(f"polls: {stats['polls']} total; offline meters {stats['offline']}")
    print(f"collector CPU: {(cpu1 - cpu0) / elapsed:.1%} of one core (goal <= 25%)")
    print(
        f"database writes: {batches} batches, "
        f"{(stats['write_seconds'] - write0) / max(batches, 1) * 1000:.1f} ms per batch"
    )
    if relay_lat:
        print(
            f"relay queued -> frame on the wire: median {statistics.median(relay_lat) * 1000:.0f}"
            f" ms, max {max(relay_lat) * 1000:.0f} ms (goal ~50 ms)"
        )
    if recharge_lat:
        print(
            f"recharge commit -> confirmed: median {statistics.median(recharge_lat) * 1000:.0f} "
            f"ms, max {max(recharge_lat) * 1000:.0f} ms"
        )
    if failures:
        print(f"FAILED: {len(failures)} of {args.buses} buses did not run; figures above are void")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
