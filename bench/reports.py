"""The reports' speed goals of issue 15 (item 6), and every report on the demo park.

    python bench/reports.py              # the three goals, 10,000 rooms, one bench each
    python bench/reports.py --demo [--rooms 480]

Without ``--demo`` it runs, one after another in child processes, the benches that own
each goal and print their own baselines and load averages:

- ``bench/reports_monthly.py --rooms 10000`` — the comprehensive monthly report (≤ 3 s);
- ``bench/reports_orders.py --rooms 10000`` — the orders report over a year (≤ 2 s);
- ``bench/reports_export.py --rows 10000`` — an XLSX export of 10,000 rows (≤ 5 s);
- ``bench/reports_energy.py 10000`` — the use engine under the energy reports (no goal).

With ``--demo`` it builds the demo park with its 13 months of history (what ``make run``
shows; ``app.demo.build_demo(history=True)``) in a temporary SQLite file and times every
registered report over last month (and the comparison over last month, income over the
last twelve), as an administrator, with the load average: what a finance clerk waits for.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

GOALS = [
    ["bench/reports_monthly.py", "--rooms", "10000"],
    ["bench/reports_orders.py", "--rooms", "10000"],
    ["bench/reports_export.py", "--rows", "10000"],
    ["bench/reports_energy.py", "10000"],
]


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def goals() -> int:
    worst = 0
    for command in GOALS:
        print(f"\n=== {' '.join(command)}  (load {loadavg()})", flush=True)
        code = subprocess.call([sys.executable, *command], cwd=ROOT)
        worst = max(worst, code)
    return worst


def demo(rooms: int) -> int:
    """Every report on the demo park with history, timed as the window would run it."""
    os.environ.setdefault("WATTDESK_HOME", tempfile.mkdtemp(prefix="wattdesk-bench-"))
    import keyring

    from bench.audit_verify import BenchKeyring

    keyring.set_keyring(BenchKeyring())
    from app.db import open_database
    from app.demo import build_demo
    from app.models import Role
    from app.reports import Grain, Period, ReportRequest, kinds, run_report
    from app.security import Actor

    folder = Path(tempfile.mkdtemp(prefix="wattdesk-bench-reports-"))
    path = folder / "demo.sqlite"
    db = open_database(f"sqlite:///{path}")
    started = time.perf_counter()
    result = build_demo(db, rooms=rooms, history=True)
    print(
        f"demo park with history: {result.rooms} rooms, {result.meters} meters in "
        f"{time.perf_counter() - started:.1f} s; file {path.stat().st_size / 2**20:.0f} MiB "
        f"(load {loadavg()})"
    )
    admin = Actor(None, "bench", "bench", Role.ADMIN, "bench")
    today = date.today()
    last = Period.last_month(today)
    year = Period(date(today.year - 1, today.month, 1), today)
    for kind in kinds():
        period, grain = (year, Grain.MONTH) if kind.name == "income" else (last, Grain.DAY)
        if grain not in kind.grains:
            grain = kind.grains[0]
        cpu, wall = time.process_time(), time.perf_counter()
        report = run_report(db, admin, ReportRequest(kind.name, period, grain))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rows = sum(len(t.rows) for t in report.tables)
        print(
            f"{kind.name:9s} {period.describe():25s} {rows:7d} rows  "
            f"wall {wall * 1000:8.0f} ms  cpu {cpu * 1000:8.0f} ms  (load {loadavg()})"
        )
    db.engine.dispose()
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="every report on the demo park")
    parser.add_argument("--rooms", type=int, default=480, help="demo park size (--demo)")
    args = parser.parse_args()
    sys.exit(demo(args.rooms) if args.demo else goals())


if __name__ == "__main__":
    main()
