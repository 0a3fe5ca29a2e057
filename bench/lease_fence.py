"""What the lease fence costs a write (``app.collector.fence``): the same small write
transaction (one event row) through the plain database and through a ``FencedDatabase``
(``Lease.check`` first: one ``SELECT … FOR SHARE`` of the lease row on PostgreSQL, a read
on SQLite), interleaved in rounds so the machine's load hits both alike.

``python bench/lease_fence.py [URL] [WRITES]``: URL of a migrated scratch database (default:
a new SQLite file), WRITES per side (default 400). Prints the median and p95 ms per write of
each side, their ratio, and the load average.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's app


def main() -> None:
    from app.collector.fence import FencedDatabase
    from app.collector.lease import Lease
    from app.db import Database, open_database
    from app.models import Event, utcnow

    url = sys.argv[1] if len(sys.argv) > 1 else ""
    writes = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='wattdesk-fence-')}/fence.sqlite"
    db = open_database(url)
    lease = Lease(db, ttl=600, workstation="bench")
    assert lease.try_take() is None
    fenced = FencedDatabase(db, lease.check)
    times: dict[str, list[float]] = {"plain": [], "fenced": []}

    def one(target: Database, side: str) -> None:
        started = time.perf_counter()
        with target.write() as s:
            s.add(Event(ts=utcnow(), kind="bench", level=0, message="lease fence bench"))
        times[side].append((time.perf_counter() - started) * 1000)

    for _ in range(writes):
        one(db, "plain")
        one(fenced, "fenced")
        lease.renew()
    plain, fence = times["plain"], times["fenced"]

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(len(xs) * 0.95)]

    print(f"{db.engine.dialect.name}: {writes} writes per side")
    print(f"plain  median {statistics.median(plain):.2f} ms, p95 {p95(plain):.2f} ms")
    print(f"fenced median {statistics.median(fence):.2f} ms, p95 {p95(fence):.2f} ms")
    print(f"ratio (median) {statistics.median(fence) / statistics.median(plain):.2f}")
    with open("/proc/loadavg", encoding="ascii") as f:
        print("load average", f.read().split()[:3])
    lease.release()
    db.dispose()


if __name__ == "__main__":
    main()
