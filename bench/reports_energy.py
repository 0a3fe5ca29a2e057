"""The energy reports' use engine at scale: ``python bench/reports_energy.py [METERS] [URL]``.

Builds METERS meters (default 10,000) in a temporary SQLite file (or at URL: an empty
scratch database made for it, drop it afterwards; a URL whose database already holds
readings is measured as it is, not rebuilt), bulk-inserts 13 months of daily
freezes (1 Nov 2025 .. 30 Nov 2026, park time) for 90 % of them and 15-minute interval
readings for November 2026 only for the other 10 % (meters without a freeze), plus the 15-min
intervals of the last two days for everyone (as the demo park does). The boundary of
1 December has no reading yet, so every meter also takes the fallback path once, as in a
"this month" report. Prints the median of 3 for ``use_by_bucket``: November by day, 13
months by month, and November as one bucket (the monthly report's case), with the load
average, and as a baseline the bare sqlite3 fetch of November's freezes (SQLite only).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ZONE = ZoneInfo("Asia/Shanghai")
FIRST, LAST = date(2025, 11, 1), date(2026, 11, 30)


def median(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load() -> str:
    avg = Path("/proc/loadavg")
    return " ".join(avg.read_text().split()[:3]) if avg.exists() else "?"


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZONE).astimezone(UTC)


def readings(meters: list[int]) -> Iterator[dict[str, Any]]:
    """Rows for ``reading`` (ints of 0.01 kWh; the caller's dialect formats the time)."""
    days = (LAST - FIRST).days + 1
    interval_only = set(meters[::10])
    for n, meter in enumerate(meters):
        per_day = 500 + (n % 37) * 40  # 5 .. 19 kWh a day
        for d in range(days):
            day = FIRST + timedelta(days=d)
            total = 100_000 + d * per_day
            if meter not in interval_only:
                yield _row(meter, "daily", midnight(day), total, per_day)
            if (meter in interval_only and (day.year, day.month) == (2026, 11)) or d >= days - 2:
                for q in range(96):
                    ts = midnight(day) + timedelta(minutes=15 * q)
                    yield _row(meter, "interval", ts, total + per_day * q // 96, per_day)


def _row(meter: int, kind: str, ts: datetime, total: int, per_day: int) -> dict[str, Any]:
    quarter = total // 4
    return {
        "meter_id": meter,
        "kind": kind,
        "ts": ts,
        "energy_total": total,
        "energy_sharp": quarter,
        "energy_peak": quarter,
        "energy_flat": quarter,
        "energy_valley": total - 3 * quarter,
    }


def build(db: Any, count: int) -> list[int]:
    from sqlalchemy import insert

    from app.models import Building, Floor, Link, Meter, Park, Room

    with db.write() as s:
        park = Park(name="bench")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="A")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F")
        link = Link(name="bus", url="sim://bench", protocol="modbus")
        s.add_all([floor, link])
        s.flush()
        s.execute(insert(Room), [{"floor_id": floor.id, "number": str(i)} for i in range(count)])
        rooms = [r for (r,) in s.execute(Room.__table__.select().with_only_columns(Room.id))]
        s.execute(
            insert(Meter),
            [
                {
                    "link_id": link.id,
                    "address": str(i + 1),
                    "profile": "sim",
                    "role": "tenant",
                    "billing_mode": "meter",
                    "room_id": room,
                    "building_id": building.id,
                }
                for i, room in enumerate(rooms)
            ],
        )
        meters = sorted(
            m for (m,) in s.execute(Meter.__table__.select().with_only_columns(Meter.id))
        )
    table = "reading"
    columns = (
        "meter_id, kind, ts, energy_total, energy_sharp, energy_peak, energy_flat, energy_valley"
    )
    batch: list[dict[str, Any]] = []
    with db.engine.begin() as conn:
        sqlite = conn.dialect.name == "sqlite"
        marks = "?, ?, ?, ?, ?, ?, ?, ?" if sqlite else "%s, %s, %s, %s, %s, %s, %s, %s"
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

        def flush() -> None:
            cursor.executemany(sql, [tuple(_ts(r, sqlite) for r in row.values()) for row in batch])
            batch.clear()

        for row in readings(meters):
            batch.append(row)
            if len(batch) >= 50_000:
                flush()
        flush()
    return meters


def _ts(value: Any, sqlite: bool) -> Any:
    if isinstance(value, datetime) and sqlite:
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def main(count: int, url: str | None) -> None:
    from sqlalchemy import text

    from app.db import open_database
    from app.reports import Grain, Period
    from app.reports.usage import use_by_bucket

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(url or f"sqlite:///{tmp}/bench.sqlite")
        started = time.perf_counter()
        with db.read() as s:
            rows = s.execute(text("SELECT count(*) FROM reading")).scalar() or 0
        if not rows:
            build(db, count)
        with db.read() as s:
            rows = s.execute(text("SELECT count(*) FROM reading")).scalar() or 0
            count = s.execute(text("SELECT count(*) FROM meter")).scalar() or 0
        print(
            f"{count} meters, {rows:,} readings, ready in "
            f"{time.perf_counter() - started:.1f} s ({db.engine.dialect.name})"
        )
        month = Period(date(2026, 11, 1), date(2026, 11, 30), ZONE)
        year = Period(date(2025, 11, 1), date(2026, 11, 30), ZONE)

        def run(period: Period, grain: Grain) -> Callable[[], object]:
            def go() -> object:
                with db.read() as s:
                    return use_by_bucket(s, period, grain)

            return go

        for name, period, grain in (
            ("1 month by day", month, Grain.DAY),
            ("13 months by month", year, Grain.MONTH),
            ("1 month as one bucket", month, Grain.MONTH),
        ):
            seconds = median(run(period, grain))
            print(f"use_by_bucket, {count} meters, {name}: {seconds:.2f} s (load average {load()})")
        if db.engine.dialect.name == "sqlite":
            print(f"baseline, bare sqlite3 fetch of November's freezes: {baseline(db):.2f} s")
        db.dispose()


def baseline(db: Any) -> float:
    """The floor: November's freezes fetched with sqlite3 alone (no objects made)."""
    import sqlite3

    sql = (
        "SELECT meter_id, ts, energy_total, energy_sharp, energy_peak, energy_flat, "
        "energy_valley FROM reading WHERE meter_id IN (SELECT id FROM meter) AND kind = "
        "'daily' AND ts >= ? AND ts < ?"
    )
    lo = midnight(date(2026, 11, 1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    hi = midnight(date(2026, 12, 1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn = sqlite3.connect(db.engine.url.database)
    try:
        return median(lambda: conn.execute(sql, (lo, hi)).fetchall())
    finally:
        conn.close()


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
