"""A second workstation's live refresh: every room, or only the rooms that changed?

Builds the demo park (``python -m app init --demo --rooms N``) in a temporary WATTDESK_HOME
(or uses ``--db URL``, e.g. a PostgreSQL scratch database that already holds a demo park),
starts ``python -m app collector`` on it as its own process (the desk that owns the buses),
waits ``--warmup`` seconds for the buses to come up, then plays the other desk in this
process: every ``--period`` seconds, in one thread, alternately

- *full*: ``room_live`` of every room (what ``app/ui/live.py`` did whenever the collector's
  counter moved), and
- *incremental*: ``app.livedata.refresh`` from the live counter value seen last time (the
  rows filed since, then ``room_live`` of just those rooms; what the feed does now).

Worker time is the reading thread's CPU time (``time.thread_time``) and wall time per
refresh; the incremental figure covers the rooms changed since the previous incremental
refresh, so it is what one refresh of a desk that refreshes every ``--period`` s costs.
Prints both, same run, with the rooms read and the load average before and after.

    .venv/bin/python bench/live_refresh.py [--rooms 10000] [--period 1] [--refreshes 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed(fn):  # type: ignore[no-untyped-def]
    c0, w0 = time.thread_time(), time.perf_counter()
    out = fn()
    return out, (time.thread_time() - c0) * 1000, (time.perf_counter() - w0) * 1000


def summary(name: str, rows: list[tuple[int, float, float]]) -> str:
    rooms = [r for r, _, _ in rows]
    cpu = sorted(c for _, c, _ in rows)
    wall = sorted(w for _, _, w in rows)
    return (
        f"{name:<12} rooms read median {statistics.median(rooms):>7.0f} (max {max(rooms):>6}) | "
        f"CPU median {statistics.median(cpu):7.1f} ms, max {cpu[-1]:7.1f} ms | "
        f"wall median {statistics.median(wall):7.1f} ms, max {wall[-1]:7.1f} ms"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rooms", type=int, default=10000)
    p.add_argument("--db", default="", help="database URL with a demo park (default: new file)")
    p.add_argument("--period", type=float, default=1.0, help="seconds between refreshes")
    p.add_argument("--refreshes", type=int, default=20, help="of each kind")
    p.add_argument("--warmup", type=float, default=20.0, help="seconds before measuring")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wattdesk-live-refresh-"))
    env = dict(
        os.environ,
        WATTDESK_HOME=os.environ.get("WATTDESK_HOME", str(tmp / "home")),
        PYTHONPATH=str(ROOT),
        WATTDESK_KEYSTORE_PASSPHRASE=os.environ.get(
            "WATTDESK_KEYSTORE_PASSPHRASE", "bench-only-passphrase"
        ),
    )
    os.environ.update(env)
    url = args.db
    if not url:
        url = f"sqlite:///{tmp / 'park.sqlite'}"
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "init",
                "--db",
                url,
                "--demo",
                "--rooms",
                f"{args.rooms}",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"demo park of {args.rooms} rooms built in {time.perf_counter() - t:.1f} s: {url}")
    from app.collector import CollectorConfig
    from app.db import open_database
    from app.livechange import live_seq
    from app.livedata import refresh, room_live
    from app.livedata.refresh import newest_read

    zone = CollectorConfig().zone
    db = open_database(url, migrate=False)
    seconds = args.warmup + 2 * args.refreshes * args.period + 30
    log = (tmp / "collector.log").open("w")
    collector = subprocess.Popen(
        [sys.executable, "-m", "app", "collector", "--db", url, "--seconds", str(seconds)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        print(f"collector process {collector.pid} started; warming up {args.warmup:.0f} s")
        time.sleep(args.warmup)  # a benchmark's pacing, not a synchronisation
        with db.read() as s:
            seq = live_seq(s)
            since = newest_read(room_live(s, zone), None)  # what the desk's start showed
        full: list[tuple[int, float, float]] = []
        incremental: list[tuple[int, float, float]] = []
        before = loadavg()
        for _ in range(args.refreshes):
            time.sleep(args.period)
            with db.read() as s:
                # as LiveFeed asks: changed rooms, and the meters that answered since (age)
                got, cpu, wall = timed(
                    lambda s=s, seq=seq, since=since: refresh(s, zone, seq, None, read_since=since)
                )
            seq = got.seq
            since = max([since, *got.read_at.values()])
            incremental.append((len(got.rooms), cpu, wall))
            with db.read() as s:
                rooms, cpu, wall = timed(lambda s=s: room_live(s, zone))
            full.append((len(rooms), cpu, wall))
        after = loadavg()
    finally:
        collector.terminate()
        collector.wait(60)
        log.close()
    print(f"refresh every {args.period:g} s, {args.refreshes} of each kind")
    print(f"load average {before} -> {after}")
    print(summary("full", full))
    print(summary("incremental", incremental))
    ratio = statistics.median(c for _, c, _ in full) / max(
        0.001, statistics.median(c for _, c, _ in incremental)
    )
    print(f"incremental / full CPU: 1 : {ratio:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
