"""Ledger figures: recharge commit latency, receipt PDF time, ``ledger verify`` at scale.

    python bench/ledger.py [--recharges 1000] [--entries 1000000]

Goals (issue 5): recharge commit p99 <= 50 ms on SQLite, a receipt PDF <= 150 ms, and
``ledger verify`` over 1,000,000 entries measured. Prints each figure against its goal.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime

import keyring
import keyring.backend
from sqlalchemy import insert, select

from app.db import open_database
from app.demo import build_demo
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, receipt_data, recharge
from app.models import Account, LedgerEntry, LedgerTxn, Meter, Room
from app.receipts import render_pdf
from app.security import system_actor


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


def bench_recharge(db, count: int) -> list[str]:  # type: ignore[no-untyped-def]
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
    p50, p99 = statistics.median(times), percentile(times, 0.99)
    print(
        f"recharge commit (SQLite, synchronous=FULL, {count} recharges): "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms "
        f"({p99 / 50:.0%} of the 50 ms goal)"
    )
    return numbers


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
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())  # the audit key of a throw-away database
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        build_demo(db, rooms=2000)
        numbers = bench_recharge(db, args.recharges)
        bench_pdf(db, numbers)
        bench_verify(db, args.entries)
        db.dispose()


if __name__ == "__main__":
    main()
