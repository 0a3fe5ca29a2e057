"""How long the demo park generator takes, with or without its 13 months of history.

    python bench/demo_build.py [--rooms N] [--history] [--db URL]

Prints wall time and rooms per second on a fresh SQLite file (or the PostgreSQL database
given by ``--db``, emptied first), the size of the SQLite file, the time to load the whole
park tree back (what the GUI does at start), and the load average next to the figures:
the goals are 30 s for 10,000 rooms without history, 10 s for the default 480 rooms and
60 s for 10,000 rooms with it (issue 15).
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from app.db import open_database
from app.demo import build_demo
from app.models import LedgerTxn, Reading
from app.sitetree import load_tree


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()
    except OSError:
        return "n/a"


def _empty_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=10_000)
    parser.add_argument("--history", action="store_true", help="13 months of history too")
    parser.add_argument("--db", help="a PostgreSQL URL (emptied!) instead of a SQLite file")
    args = parser.parse_args()
    print(f"load average before: {loadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("WATTDESK_HOME", tmp)
        url = args.db or f"sqlite:///{tmp}/bench.sqlite"
        if args.db:
            _empty_pg(args.db)
        started = time.perf_counter()
        db = open_database(url)
        migrated = time.perf_counter() - started
        cpu = time.process_time()
        result = build_demo(db, rooms=args.rooms, history=args.history)
        cpu = time.process_time() - cpu
        started = time.perf_counter()
        with db.read() as session:
            parks = load_tree(session)
            readings = session.scalar(select(func.count()).select_from(Reading)) or 0
            txns = session.scalar(select(func.count()).select_from(LedgerTxn)) or 0
        loaded = time.perf_counter() - started
        db.dispose()
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.sqlite*"))
    goal = (10.0 if args.rooms <= 480 else 60.0) if args.history else 30.0
    print(f"machine: {platform.machine()} python {platform.python_version()} cpus {os.cpu_count()}")
    print(f"schema migrations: {migrated:.2f} s")
    print(
        f"demo park{' with history' if args.history else ''}: {result.rooms} rooms, "
        f"{result.meters} meters, {result.links} links, {readings:,} readings, "
        f"{txns:,} ledger transactions in {result.seconds:.2f} s = "
        f"{result.rooms / result.seconds:,.0f} rooms/s ({result.seconds / goal:.1%} of the "
        f"{goal:.0f} s budget); CPU of this process {cpu:.2f} s"
    )
    if not args.db:
        print(f"SQLite file: {size / 2**20:.1f} MiB")
    print(f"load tree: {sum(p.room_count for p in parks)} rooms in {loaded * 1000:.0f} ms")
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
