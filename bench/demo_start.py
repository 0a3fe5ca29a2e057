"""Demo park start-up: how fast does a headless collector bring every simulated bus up?

Builds the demo park (``python -m app init --demo --rooms N``) in a temporary WATTDESK_HOME,
starts the collector on it as its own process and watches it. Prints, at each mark (seconds
since the collector process was started): buses up, by the collector's counters and in the
database (a meter of the bus has ``meter_state.last_seen`` set; the database is new, so only
this run's polls count), meters seen, successful polls per second and meters offline (the
collector's counters), the collector process's CPU (% of one core, over the span since the
previous mark) and the load average.

The collector runs as ``python -m app collector`` does (``Collector(db, CollectorConfig())``
in its own process, so the CPU figure is its own) plus a thread that prints, every 0.2 s, how
many bus workers have polled a meter and are up: "buses polling". "Buses in db" is what
another workstation sees. ``--transport inproc`` (the default) serves the demo's ``sim://``
links in process; ``--transport pty`` gives each bus a pty as before. ``--root`` runs another
checkout (e.g. an older main, to compare). ``--cache-profiles`` previews reading each meter
profile file once instead of once per meter (10,339 TOML parses cost about 10 s of start).

``--restart S`` runs the collector for S seconds first and measures its second start on
the same database (the simulated meters resume from the stored state then: "buses in db"
counts the buses with a meter answered since the second start).

    .venv/bin/python bench/demo_start.py [--rooms 10000] [--marks 2,5,10,30] [--restart 60]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")

CHILD = """
import json, signal, sys, threading, time
t0 = float(sys.argv[5])
if sys.argv[4] == "1":  # preview: profiles read once per file version, not once per meter
    import drivers.profiles as profiles
    _load, _cache = profiles.load_profile, {}
    def load_profile(path):
        from pathlib import Path
        st = Path(path).stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        if key not in _cache:
            _cache[key] = _load(path)
        return _cache[key]
    profiles.load_profile = load_profile
from app.collector import Collector, CollectorConfig
from app.config import resolve_db_url
from app.db import open_database
db = open_database(resolve_db_url(sys.argv[1]))
fields = CollectorConfig.__dataclass_fields__  # an older checkout (--root) has no transport
extra = {"sim_transport": sys.argv[2]} if "sim_transport" in fields else {}
collector = Collector(db, CollectorConfig(**extra))
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: done.set())
def report():
    while not done.wait(0.2):
        try:
            workers = list(collector.workers.values())
        except RuntimeError:  # start() is adding workers right now
            continue
        up = sum(1 for w in workers if w.polls and w.link_up and w.is_alive())
        polls = sum(w.polls for w in workers)
        offline = sum(len(w.scheduler.offline()) for w in workers)
        print(json.dumps({"t": time.monotonic() - t0, "up": up, "workers": len(workers),
                          "polls": polls, "offline": offline}), flush=True)
threading.Thread(target=report, daemon=True).start()
collector.start()
print(json.dumps({"started": time.monotonic() - t0}), flush=True)
done.wait(float(sys.argv[3]))
done.set()
stopping = time.monotonic()
collector.stop()
print(json.dumps({"stopped_in": time.monotonic() - stopping,
                  "threads": threading.active_count()}), flush=True)
db.dispose()
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def counts(db: Path, since: str = "") -> tuple[int, int, int]:
    """(buses up, links, meters seen) from a read-only connection; ``since`` (UTC text
    as stored): only answers after it count."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        links = con.execute("SELECT COUNT(*) FROM link WHERE enabled").fetchone()[0]
        try:
            up, seen = con.execute(
                "SELECT COUNT(DISTINCT m.link_id), COUNT(*) FROM meter_state s "
                "JOIN meter m ON m.id = s.meter_id WHERE s.last_seen IS NOT NULL "
                "AND s.last_seen > ?",
                (since,),
            ).fetchone()
        except sqlite3.OperationalError:  # busy for a moment: try at the next look
            up, seen = -1, -1
        return up, links, seen
    finally:
        con.close()


class Status(threading.Thread):
    """Keeps the child's latest status line (JSON on its stdout)."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(daemon=True)
        self.stream, self.events = stream, {}
        self.latest = {"up": 0, "workers": 0, "polls": 0, "offline": 0}
        self.all_up_at: float | None = None

    def run(self) -> None:
        for line in self.stream:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if "up" in item:
                self.latest = item
                if self.all_up_at is None and item["workers"] and item["up"] == item["workers"]:
                    self.all_up_at = item["t"]
            else:
                self.events.update(item)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rooms", type=int, default=10000)
    p.add_argument("--marks", default="2,5,10,30", help="seconds, comma-separated")
    p.add_argument(
        "--transport",
        choices=("inproc", "pty"),
        default="inproc",
        help="pty: a pseudo-terminal per bus, Linux and macOS only (default: in process)",
    )
    p.add_argument("--root", type=Path, default=ROOT, help="checkout whose app runs")
    p.add_argument(
        "--restart",
        type=float,
        default=0,
        help="run the collector this many seconds first; measure the second start",
    )
    p.add_argument(
        "--cache-profiles",
        action="store_true",
        help="preview: read each profile file once (not once per meter)",
    )
    args = p.parse_args()
    marks = sorted(float(m) for m in args.marks.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="wattdesk-demo-start-"))
    db = tmp / "park.sqlite"
    env = dict(os.environ, WATTDESK_HOME=str(tmp / "home"), PYTHONPATH=str(args.root))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "init",
            "--db",
            str(db),
            "--demo",
            "--rooms",
            str(args.rooms),
        ],
        cwd=args.root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    since = ""
    if args.restart:  # a first run stores every meter; the measured start resumes them
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "collector",
                "--db",
                str(db),
                "--seconds",
                str(args.restart),
            ],
            cwd=args.root,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, _, stored = counts(db)
        print(f"first run of {args.restart:g} s: {stored} meters stored; now the restart")
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    run_for = marks[-1] + 2
    log_path = tmp / "collector.log"
    t0 = time.monotonic()  # CLOCK_MONOTONIC: the same clock in the child
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                str(db),
                args.transport,
                str(run_for),
                "1" if args.cache_profiles else "0",
                repr(t0),
            ],
            cwd=args.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    assert proc.stdout is not None
    status = Status(proc.stdout)
    status.start()
    print(
        f"demo park of {args.rooms} rooms, {args.transport} simulator"
        f"{', profiles cached' if args.cache_profiles else ''}; {args.root}; log {log_path}"
    )
    print(
        f"{'t (s)':>6} {'buses polling':>14} {'buses in db':>12} {'meters in db':>13} "
        f"{'polls/s':>8} {'offline':>8} {'CPU %':>6}  load average"
    )
    last_t, last_cpu, last_polls, db_all_up_at = 0.0, 0.0, 0, None
    try:
        for mark in marks:
            while (now := time.monotonic() - t0) < mark:
                if proc.poll() is not None:
                    raise SystemExit(
                        f"the collector exited early ({proc.returncode}): see {log_path}"
                    )
                up, links, _ = counts(db, since)
                if db_all_up_at is None and up == links:
                    db_all_up_at = now
                time.sleep(min(0.25, max(0.0, mark - now)))
            cpu = cpu_seconds(proc.pid)
            up, links, seen = counts(db, since)
            share = 100 * (cpu - last_cpu) / (now - last_t)
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            latest = status.latest
            polling = f"{latest['up']} of {links}"
            rate = (latest["polls"] - last_polls) / (now - last_t)
            print(
                f"{mark:6.0f} {polling:>14} {up:>12} {seen:>13} {rate:8.0f} "
                f"{latest['offline']:>8} {share:6.1f}  {load}",
                flush=True,
            )
            last_t, last_cpu, last_polls = now, cpu, latest["polls"]
    finally:
        try:
            proc.wait(timeout=60)  # it stops by itself after the last mark
        except subprocess.TimeoutExpired:
            print("the collector did not stop within 60 s of its end: killed")
            proc.kill()
            proc.wait()
    status.join(5)

    def at(value: float | None) -> str:
        return f"{value:.1f} s" if value is not None else "not within the run"

    ev = status.events
    print(
        f"collector start() returned after {at(ev.get('started'))}; every bus polling "
        f"after {at(status.all_up_at)}; every bus in the database after {at(db_all_up_at)}"
    )
    if "stopped_in" in ev:
        print(
            f"stop() took {ev['stopped_in']:.1f} s, {ev['threads']} thread(s) left; "
            f"{os.cpu_count()} CPUs"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
