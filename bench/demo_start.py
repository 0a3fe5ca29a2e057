"""Demo park start-up: how fast does a headless collector bring every simulated bus up?

Builds the demo park (``python -m app init --demo --rooms N``) in a temporary WATTDESK_HOME,
starts the collector on it as its own process and watches the database: a bus is *up* once
one of its meters has been seen (``meter_state.last_seen`` set; the database is new, so only
this run's polls count). Prints, at each mark (seconds since the collector process was
started): buses up of all, meters seen, the collector process's CPU (% of one core, over the
span since the previous mark) and the load average.

``--transport inproc`` (the default) runs ``python -m app collector`` exactly as a user
would: the demo's ``sim://`` links are served in process. ``--transport pty`` runs the same
Collector with ``CollectorConfig(sim_transport="pty")`` (one pty per bus, as before the
in-process transport). ``--root`` runs another checkout's ``python -m app collector`` (e.g.
an older main, which serves its demo buses on ptys, to compare).

    .venv/bin/python bench/demo_start.py [--rooms 10000] [--marks 2,5,10,30]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")

CHILD = """
import signal, sys, threading
from app.collector import Collector, CollectorConfig
from app.config import resolve_db_url
from app.db import open_database
db = open_database(resolve_db_url(sys.argv[1]))
collector = Collector(db, CollectorConfig(sim_transport=sys.argv[2]))
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: done.set())
collector.start()
print("Collector running", flush=True)
done.wait(float(sys.argv[3]))
collector.stop()
db.dispose()
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def counts(db: Path) -> tuple[int, int, int]:
    """(buses up, links, meters seen) from a read-only connection."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        links = con.execute("SELECT COUNT(*) FROM link WHERE enabled").fetchone()[0]
        try:
            up, seen = con.execute(
                "SELECT COUNT(DISTINCT m.link_id), COUNT(*) FROM meter_state s "
                "JOIN meter m ON m.id = s.meter_id WHERE s.last_seen IS NOT NULL"
            ).fetchone()
        except sqlite3.OperationalError:  # busy for a moment: try at the next look
            up, seen = -1, -1
        return up, links, seen
    finally:
        con.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rooms", type=int, default=10000)
    p.add_argument("--marks", default="2,5,10,30", help="seconds, comma-separated")
    p.add_argument("--transport", choices=("inproc", "pty"), default="inproc")
    p.add_argument("--root", type=Path, default=ROOT, help="checkout whose app runs")
    args = p.parse_args()
    marks = sorted(float(m) for m in args.marks.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="wattdesk-demo-start-"))
    db = tmp / "park.sqlite"
    env = dict(os.environ, WATTDESK_HOME=str(tmp / "home"), PYTHONPATH=str(args.root))
    subprocess.run([sys.executable, "-m", "app", "init", "--db", str(db), "--demo", "--rooms",
                    str(args.rooms)], cwd=args.root, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    run_for = marks[-1] + 5
    if args.transport == "inproc":  # what a user runs (an older --root serves its own way)
        cmd = [sys.executable, "-m", "app", "collector", "--db", str(db),
               "--seconds", str(run_for)]
        how = f"python -m app collector ({args.root})"
    else:
        cmd = [sys.executable, "-c", CHILD, str(db), args.transport, str(run_for)]
        how = f"Collector(sim_transport={args.transport!r})"
    log = (tmp / "collector.log").open("w")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=args.root, env=env, stdout=log, stderr=subprocess.STDOUT)
    print(f"demo park of {args.rooms} rooms; collector: {how}; log {tmp / 'collector.log'}")
    print(f"{'t (s)':>6} {'buses up':>12} {'meters seen':>12} {'CPU %':>7}  load average")
    last_t, last_cpu, all_up_at = 0.0, 0.0, None
    try:
        for mark in marks:
            while (now := time.monotonic() - t0) < mark:
                if proc.poll() is not None:
                    raise SystemExit(f"the collector exited early ({proc.returncode})")
                up, links, _ = counts(db)
                if all_up_at is None and up == links:
                    all_up_at = now
                time.sleep(min(0.25, max(0.0, mark - now)))
            cpu = cpu_seconds(proc.pid)
            up, links, seen = counts(db)
            share = 100 * (cpu - last_cpu) / (now - last_t)
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"{mark:6.0f} {up:>5} of {links:<4} {seen:>12} {share:7.1f}  {load}",
                  flush=True)
            last_t, last_cpu = now, cpu
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()
    when = f"{all_up_at:.1f} s" if all_up_at is not None else "not within the run"
    print(f"every bus up after: {when}; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
