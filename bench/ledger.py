"""Ledger figures: recharge commit latency, receipt PDF time, ``ledger verify`` at scale.

    python bench/ledger.py [--recharges 1000] [--entries 1000000]
    python bench/ledger.py --with-collector [--recharges 1000] [--rooms 2000]

Goals (issue 5): recharge commit p99 <= 50 ms on SQLite, a receipt PDF <= 150 ms, and
``ledger verify`` over 1,000,000 entries measured. Prints each figure against its goal.

``--with-collector`` (issue 13) measures the recharge commit twice in the same run: alone,
then while the real collector polls the demo park's in-process ``sim://`` buses and its
writer commits poll batches (state, readings, events, platform charges) into the same
database, the way a desk runs in single-workstation mode. It prints p50/p95/p99 of both
and the writer's batch times; on PostgreSQL too when ``WATTDESK_TEST_PG_URL`` names a
scratch database (wiped).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from app.db import open_database  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.ledger.journal import verify  # noqa: E402
from app.ledger.recharge import RechargeRequest, receipt_data, recharge  # noqa: E402
from app.models import Account, Base, LedgerEntry, LedgerTxn, Meter, Room  # noqa: E402
from app.receipts import render_pdf  # noqa: E402
from app.security import system_actor  # noqa: E402


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Secrets of the throw-away benchmark database, kept in memory only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class LockWaits:
    """Time this thread spends queued for the writers' lock (SQLite), to tell a wait behind
    the collector's writer from the recharge's own work (CPU, GIL, fsync)."""

    def __init__(self, db) -> None:  # type: ignore[no-untyped-def]
        self.waits: list[float] = []
        self.me = threading.get_ident()
        lock = getattr(db, "_writers", None)
        if lock is None:
            return
        real = lock.acquire

        def acquire(timeout: float) -> bool:
            started = time.perf_counter()
            got = real(timeout)
            if threading.get_ident() == self.me:
                self.waits.append((time.perf_counter() - started) * 1000)
            return bool(got)

        lock.acquire = acquire


def recharge_times(db, count: int) -> tuple[list[float], list[str]]:  # type: ignore[no-untyped-def]
    """``count`` recharges over 40 let rooms, one after another: commit times in ms."""
    actor = system_actor(name="bench")
    with db.read() as s:
        rooms = [
            r
            for (r,) in s.execute(
                select(Room.id)
                .join(Meter, Meter.room_id == Room.id)
                .where(Room.account_id.is_not(None))
                .limit(40)
            )
        ]
    times, numbers = [], []
    for i in range(count):
        started = time.perf_counter()
        result = recharge(
            db,
            actor,
            RechargeRequest(f"{10 + i % 90}.50", "cash", uuid.uuid4().hex, room_id=rooms[i % 40]),
        )
        times.append((time.perf_counter() - started) * 1000)
        numbers.append(result.receipt_number)
    return times, numbers


def describe(times: list[float]) -> str:
    p99 = percentile(times, 0.99)
    return (
        f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"p99 {p99:.1f} ms, max {max(times):.1f} ms ({p99 / 50:.0%} of the 50 ms goal)"
    )


def bench_recharge(db, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    times, numbers = recharge_times(db, count)
    print(f"recharge commit (SQLite, synchronous=FULL, {count} recharges): {describe(times)}")
    return numbers


def bench_with_collector(db, label: str, count: int) -> None:  # type: ignore[no-untyped-def]
    """Recharges alone, then while the collector writes poll batches (same database)."""
    from app.collector import Collector, CollectorConfig

    recharge_times(db, 100)  # warm-up: caches, the demo build's WAL frames checkpointed
    db.checkpoint()
    alone, _ = recharge_times(db, count)
    print(f"{label}: recharge commit, no collector ({count}): {describe(alone)}")
    collector = Collector(db, CollectorConfig())
    collector.start()
    try:
        writer = collector.writer
        assert writer is not None
        deadline = time.monotonic() + 120
        while writer.batches < 10 and time.monotonic() < deadline:  # polling under way
            time.sleep(0.1)
        batches, spent = writer.batches, writer.write_seconds
        waits = LockWaits(db)
        busy, _ = recharge_times(db, count)
        batches, spent = writer.batches - batches, writer.write_seconds - spent
        buses = len(collector.workers)
    finally:
        collector.stop()
    print(f"{label}: recharge commit, collector writing ({count}): {describe(busy)}")
    if waits.waits:
        print(
            f"{label}: of which queued for the writers' lock: p50 "
            f"{statistics.median(waits.waits):.1f} ms, p99 {percentile(waits.waits, 0.99):.1f} ms, "
            f"max {max(waits.waits):.1f} ms"
        )
    print(
        f"{label}: collector writer meanwhile: {batches} batches, "
        f"{spent / max(batches, 1) * 1000:.1f} ms per batch on average, "
        f"{buses} buses"
    )


def advance_sequences(db) -> None:  # type: ignore[no-untyped-def]
    """Move every id sequence past the demo's explicit ids (until the demo does it itself:
    issue 13's PostgreSQL item; without it the first recharge hits pk_ledger_txn)."""
    with db.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" not in table.c:
                continue
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false) "
                f"WHERE pg_get_serial_sequence('{table.name}', 'id') IS NOT NULL"
            )


def run_with_collector(count: int, rooms: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        build_demo(db, rooms=rooms)
        bench_with_collector(db, "SQLite (synchronous=FULL)", count)
        db.dispose()
    url = os.environ.get("WATTDESK_TEST_PG_URL", "")
    if not url:
        print("PostgreSQL: skipped (set WATTDESK_TEST_PG_URL to a scratch database)")
        return
    from app.db import make_engine

    wipe = make_engine(url)
    with wipe.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    wipe.dispose()
    db = open_database(url)
    try:
        build_demo(db, rooms=rooms)
        advance_sequences(db)
        bench_with_collector(db, "PostgreSQL", count)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        print(f"PostgreSQL: failed: {type(exc).__name__}: {str(exc)[:300]}")
    finally:
        db.dispose()


def bench_pdf(db, numbers: list[str]) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        data = receipt_data(s, numbers[0])
    for layout in ("roll80", "a5"):
        render_pdf(data, layout)  # font registration happens once
        times = []
        for _ in range(50):
            started = time.perf_counter()
            render_pdf(data, layout)
            times.append((time.perf_counter() - started) * 1000)
        p50 = statistics.median(times)
        print(
            f"receipt PDF {layout}: p50 {p50:.1f} ms, max {max(times):.1f} ms "
            f"({p50 / 150:.0%} of the 150 ms goal)"
        )


def bench_verify(db, entries: int) -> None:  # type: ignore[no-untyped-def]
    """Bulk-load balanced charge transactions (two legs each), then time ``verify``."""
    with db.read() as s:
        accounts = [a for (a,) in s.execute(select(Account.id))]
        next_txn = (s.scalar(select(LedgerTxn.id).order_by(LedgerTxn.id.desc())) or 0) + 1
    now = datetime(2026, 11, 25, tzinfo=UTC)
    per_account: dict[int, int] = {}
    started = time.perf_counter()
    batch = 50_000
    with db.write() as s:
        for first in range(0, entries // 2, batch):
            txns, legs = [], []
            for i in range(first, min(first + batch, entries // 2)):
                txn_id, account, fen = next_txn + i, accounts[i % len(accounts)], 1 + i % 500
                txns.append({"id": txn_id, "created_at": now, "kind": "charge", "memo": ""})
                legs.append(
                    {"txn_id": txn_id, "book": "tenant", "account_id": account, "amount_fen": -fen}
                )
                legs.append(
                    {"txn_id": txn_id, "book": "revenue", "account_id": None, "amount_fen": fen}
                )
                per_account[account] = per_account.get(account, 0) - fen
            s.execute(insert(LedgerTxn), txns)
            s.execute(insert(LedgerEntry), legs)
        for account, delta in per_account.items():
            s.get(Account, account).balance_fen += delta
    print(f"loaded {entries:,} entries in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    report = verify(db)
    elapsed = time.perf_counter() - started
    print(
        f"ledger verify: {report.entries:,} entries, {report.transactions:,} transactions, "
        f"{report.accounts:,} accounts in {elapsed:.2f} s "
        f"({report.entries / elapsed / 1e6:.2f} M entries/s); "
        f"{'OK' if report.ok else 'BREACHES: ' + '; '.join(report.breaches[:3])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recharges", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--with-collector", action="store_true")
    parser.add_argument("--rooms", type=int, default=2000)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())  # the audit key of a throw-away database
    print(f"load average: {' '.join(map(str, os.getloadavg()))}")
    if args.with_collector:
        run_with_collector(args.recharges, args.rooms)
        print(f"load average: {' '.join(map(str, os.getloadavg()))}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        build_demo(db, rooms=2000)
        numbers = bench_recharge(db, args.recharges)
        bench_pdf(db, numbers)
        bench_verify(db, args.entries)
        db.dispose()


if __name__ == "__main__":
    main()
