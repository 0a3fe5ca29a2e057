"""How long the demo park generator takes for 10,000 rooms (goal: under 30 s).

    python bench/demo_build.py [--rooms N]

Prints wall time and rooms per second on a fresh SQLite file, plus the time to load the
whole park tree back (what the GUI does at start).
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time

from app.db import open_database
from app.demo import build_demo
from app.sitetree import load_tree


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        migrated = time.perf_counter() - started
        result = build_demo(db, rooms=args.rooms)
        started = time.perf_counter()
        with db.read() as session:
            parks = load_tree(session)
        loaded = time.perf_counter() - started
        db.dispose()
    goal = 30.0
    print(f"machine: {platform.machine()} python {platform.python_version()}")
    print(f"schema migrations: {migrated:.2f} s")
    print(
        f"demo park: {result.rooms} rooms, {result.meters} meters, {result.links} links in "
        f"{result.seconds:.2f} s = {result.rooms / result.seconds:,.0f} rooms/s "
        f"({result.seconds / goal:.1%} of the 30 s budget)"
    )
    print(f"load tree: {sum(p.room_count for p in parks)} rooms in {loaded * 1000:.0f} ms")


if __name__ == "__main__":
    main()
