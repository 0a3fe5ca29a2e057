"""Command latency: from a relay command's row committed to its request on the wire.

Simulated buses in separate processes (wire time at 9600 8E1, as ``bench/collector.py``),
the collector in this process, polling flat out. Relay commands are queued at random moments
of the sweep in two ways:

- **in-process**: ``request_relay`` then ``collector.wake()`` (the GUI of the desk that owns
  the ports);
- **other desk**: ``request_relay`` on a second ``Database`` of the same file, and no wake:
  the collector hears of it through the database (SQLite ``data_version``, PostgreSQL
  LISTEN/NOTIFY: ``app/collector/wakeup.py``).

The latency is the time from the commit (``request_relay`` returned) to the relay frame in
the link's trace (written when the request leaves), in ms and in transactions of that bus
(the median time between two poll requests there). Goal: within one transaction. Prints the
load average, since the machine's load moves these figures; a bus worker that died is a
failure (exit 1), never a figure.

    .venv/bin/python bench/command_latency.py [--buses 4] [--meters 32] [--commands 10]
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.collector import Collector, CollectorConfig, PollPlan  # noqa: E402
from app.db import Database, open_database  # noqa: E402
from app.security import system_actor  # noqa: E402
from app.services.commands import request_relay  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_collector", ROOT / "bench" / "collector.py")
assert _spec is not None and _spec.loader is not None
bench_collector = importlib.util.module_from_spec(_spec)
sys.modules["bench_collector"] = bench_collector
_spec.loader.exec_module(bench_collector)

ACTOR = system_actor(name="bench")


def relay_frame_time(collector: Collector, meter_id: int, since: float) -> float | None:
    worker = next(w for w in collector.workers.values() if meter_id in w.handles)
    for e in worker.link.trace.entries(60):
        if (
            e.time >= since
            and e.direction == "tx"
            and len(e.raw) > 3
            and e.raw[1] == 0x06
            and e.raw[2:4] == b"\x00\x40"
        ):
            return e.time
    return None


def transaction_time(collector: Collector, meter_id: int) -> float:
    """Median seconds between two requests on this meter's bus (one transaction)."""
    worker = next(w for w in collector.workers.values() if meter_id in w.handles)
    sent = [e.time for e in worker.link.trace.entries(200) if e.direction == "tx"]
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    return statistics.median(gaps) if gaps else float("nan")


def measure(
    collector: Collector, desk: Database, meter_ids: list[int], n: int, wake: bool
) -> tuple[list[float], list[float]]:
    ms, tx = [], []
    rng = random.Random(7)
    for i in range(n):
        time.sleep(rng.uniform(0.2, 0.6))  # somewhere in the sweep
        mid = meter_ids[rng.randrange(len(meter_ids))]
        request_relay(desk, ACTOR, mid, "cut" if i % 2 == 0 else "close")
        committed = time.time()
        if wake:
            collector.wake()
        deadline = committed + 5
        while time.time() < deadline:
            at = relay_frame_time(collector, mid, committed)
            if at is not None:
                ms.append((at - committed) * 1000)
                tx.append((at - committed) / transaction_time(collector, mid))
                break
            time.sleep(0.001)
    return ms, tx


def report(name: str, ms: list[float], tx: list[float], n: int) -> bool:
    if len(ms) < n:
        print(f"{name:<12} FAILED: {n - len(ms)} of {n} commands never reached the wire")
        return False
    print(
        f"{name:<12} median {statistics.median(ms):6.1f} ms = {statistics.median(tx):4.2f} "
        f"transactions, max {max(ms):6.1f} ms = {max(tx):4.2f} (goal <= 1 transaction)"
    )
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--buses", type=int, default=4)
    ap.add_argument("--meters", type=int, default=32)
    ap.add_argument("--commands", type=int, default=10, help="per way of queuing")
    args = ap.parse_args()
    import keyring

    from tests.security.memkeyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    tmp = tempfile.mkdtemp()
    procs, paths = bench_collector.start_sims(args.buses, args.meters)
    ok = True
    try:
        url = f"sqlite:///{tmp}/bench.sqlite"
        rooms = bench_collector.build(url, paths, args.meters)
        db = open_database(url)
        desk = open_database(url)  # another workstation: its own connections, no wake
        config = CollectorConfig(min_poll_interval=0.0, default_plan=PollPlan(energy_period=30))
        collector = Collector(db, config)
        collector.start()
        time.sleep(3)  # every meter answered once
        load = os.getloadavg()
        meter_ids = sorted(rooms)
        results = [
            ("in-process", *measure(collector, db, meter_ids, args.commands, wake=True)),
            ("other desk", *measure(collector, desk, meter_ids, args.commands, wake=False)),
        ]
        dead = [w for w in collector.workers.values() if not w.is_alive()]
        problems = dict(collector.problems)
        collector.stop()
        desk.dispose()
        db.dispose()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    print(
        f"{args.buses} buses x {args.meters} meters at 9600 8E1; load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    for name, ms, tx in results:
        ok = report(name, ms, tx, args.commands) and ok
    if dead or problems:
        reasons = "; ".join(f"{p.link}: {p.reason}" for p in problems.values()) or "no reason"
        print(f"FAILED: {len(problems) or len(dead)} bus worker(s) died ({reasons})")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
