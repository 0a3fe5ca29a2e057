"""The money reports at scale: the orders report over a year of 10,000 rooms' recharges, and
the income report by month over the same year (issue 15, item 6).

    python bench/reports_orders.py [--rooms 10000] [--per-month 1] [--charges 0] [--runs 3]

Builds the demo park (``--rooms``) in a temporary SQLite file, then writes a year (2025,
park time) of counter operations the way the services write them, in bulk: per recharge one
``ledger_txn`` (kind, idempotency key, operator, time), its two legs (the method book and
the account's ``tenant`` book, or the ``meter`` book of a meter-side meter), a ``payment``
(method, cashier, shift, room) and a numbered ``receipt``; every 50th account also gets a
cash refund (negative payment and a slip). ``--charges N`` adds N platform-side energy
charges (one ``ledger_txn`` + two legs each, no payment), spread over the year, to show
what the collector's deductions cost a report that leaves them out of its listing.

Goal: the orders report over the year ≤ 2 s. Prints each figure with the load average,
and the same reports over one quarter to show how the time scales with the rows listed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

from sqlalchemy import insert, select  # noqa: E402

from app.db import Database, open_database  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.models import (  # noqa: E402
    BillingMode,
    LedgerEntry,
    LedgerTxn,
    Meter,
    MeterRole,
    Operator,
    Payment,
    Receipt,
    Role,
    Room,
    Shift,
)
from app.reports import Grain, Period, ReportRequest, run_report  # noqa: E402
from app.security import Actor  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
METHODS = ("cash", "card", "transfer", "qr")
CHUNK = 20_000


def load() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "?"


def staff(db: Database) -> list[tuple[int, str, int]]:
    """Three cashiers and an auditor, with a shift each: (operator id, login, shift id)."""
    now = datetime.now(UTC)
    out = []
    with db.write() as s:
        for i, role in enumerate((Role.CASHIER, Role.CASHIER, Role.CASHIER, Role.AUDITOR)):
            login = f"{role.value}{i}"
            op = Operator(login=login, display_name=login, role=role, created_at=now)
            s.add(op)
            s.flush()
            shift = Shift(operator_id=op.id, operator_login=login, opened_at=now)
            s.add(shift)
            s.flush()
            out.append((op.id, login, shift.id))
    return out


def targets(db: Database) -> list[tuple[int, int, int | None]]:
    """(room, account, meter-side meter or None) of every let room."""
    with db.read() as s:
        rows = s.execute(
            select(Room.id, Room.account_id, Meter.id, Meter.billing_mode)
            .join(Meter, Meter.room_id == Room.id)
            .where(Room.account_id.is_not(None), Meter.role == MeterRole.TENANT)
            .order_by(Room.id)
        ).all()
    seen: dict[int, tuple[int, int, int | None]] = {}
    for room, account, meter, mode in rows:
        seen.setdefault(room, (room, account, meter if mode == BillingMode.METER else None))
    return list(seen.values())


def moment(rng: random.Random, month: int) -> datetime:
    """A park-local time in ``month`` of 2025 (counter hours, some just before midnight)."""
    day = date(2025, month, rng.randrange(1, 29))
    minute = rng.randrange(8 * 60, 24 * 60)
    local = datetime(day.year, day.month, day.day, tzinfo=ZONE) + timedelta(minutes=minute)
    return local.astimezone(UTC)


class Writer:
    """Bulk rows shaped like the services' (ids assigned here, one insert per table)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.read() as s:
            self.txn_id = (s.scalar(select(LedgerTxn.id).order_by(LedgerTxn.id.desc())) or 0) + 1
        self.seq = 1
        self.txns: list[dict[str, object]] = []
        self.entries: list[dict[str, object]] = []
        self.payments: list[dict[str, object]] = []
        self.receipts: list[dict[str, object]] = []

    def counter(self, kind: str, at: datetime, fen: int, method: str, target, cashier) -> None:  # type: ignore[no-untyped-def]
        room, account, meter = target
        op, _login, shift = cashier
        txn = self.txn_id
        self.txn_id += 1
        key = f"bench-{txn:012d}" if kind == "recharge" else None
        self.txns.append(
            {
                "id": txn,
                "created_at": at,
                "kind": kind,
                "idempotency_key": key,
                "operator_id": op,
                "reverses_id": None,
                "memo": "",
            }
        )
        book = "meter" if meter is not None and kind == "recharge" else "tenant"
        self.entries += [
            {
                "txn_id": txn,
                "book": method,
                "account_id": None,
                "meter_id": None,
                "amount_fen": -fen,
            },
            {
                "txn_id": txn,
                "book": book,
                "account_id": account,
                "meter_id": meter if book == "meter" else None,
                "amount_fen": fen,
            },
        ]
        self.payments.append(
            {
                "txn_id": txn,
                "account_id": account,
                "room_id": room if kind == "recharge" else None,
                "meter_id": meter if kind == "recharge" else None,
                "method": method,
                "amount_fen": fen,
                "operator_id": op,
                "shift_id": shift,
                "created_at": at,
            }
        )
        number = f"R{self.seq:08d}"
        self.receipts.append(
            {
                "seq": self.seq,
                "number": number,
                "txn_id": txn,
                "issued_at": at,
                "content": {"number": number, "amount_fen": fen, "method": method},
                "verify_hash": "0" * 64,
            }
        )
        self.seq += 1

    def charge(self, at: datetime, fen: int, account: int, meter: int) -> None:
        txn = self.txn_id
        self.txn_id += 1
        self.txns.append(
            {
                "id": txn,
                "created_at": at,
                "kind": "charge",
                "idempotency_key": f"charge:{meter}:{at:%Y%m%dT%H%M%S}:{txn}",
                "operator_id": None,
                "reverses_id": None,
                "memo": "energy",
            }
        )
        self.entries += [
            {
                "txn_id": txn,
                "book": "tenant",
                "account_id": account,
                "meter_id": None,
                "amount_fen": -fen,
            },
            {
                "txn_id": txn,
                "book": "revenue",
                "account_id": None,
                "meter_id": None,
                "amount_fen": fen,
            },
        ]

    def flush(self) -> None:
        with self.db.engine.begin() as conn:
            for model, rows in (
                (LedgerTxn, self.txns),
                (LedgerEntry, self.entries),
                (Payment, self.payments),
                (Receipt, self.receipts),
            ):
                for i in range(0, len(rows), CHUNK):
                    conn.execute(insert(model.__table__), rows[i : i + CHUNK])
        self.txns, self.entries, self.payments, self.receipts = [], [], [], []


def fill(db: Database, per_month: int, charges: int, seed: int = 15) -> tuple[int, int]:
    rng = random.Random(seed)
    cashiers = staff(db)[:3]
    rooms = targets(db)
    writer = Writer(db)
    count = 0
    for month in range(1, 13):
        # in time order, as the services write them: ids follow time (the journal's locality)
        plan = sorted(
            (
                moment(rng, month),
                rng.randrange(50, 2000) * 100,
                rng.choice(METHODS),
                target,
                rng.choice(cashiers),
            )
            for target in rooms
            for _ in range(per_month)
        )
        for at, fen, method, target, cashier in plan:
            writer.counter("recharge", at, fen, method, target, cashier)
            count += 1
        writer.flush()
    for target in rooms[::50]:
        writer.counter("refund", moment(rng, 12), -1000, "cash", target, cashiers[0])
        count += 1
    platform = [t for t in rooms if t[2] is None]
    with db.read() as s:
        meters = dict(s.execute(select(Meter.room_id, Meter.id)).all())
    start = datetime(2025, 1, 1, tzinfo=ZONE).astimezone(UTC)
    step = timedelta(days=365) / max(charges, 1)
    for i in range(charges):
        room, account, _ = platform[i % len(platform)]
        writer.charge(start + step * i, rng.randrange(1, 300), account, meters[room])
        if len(writer.txns) >= 100_000:
            writer.flush()
    writer.flush()
    return count, len(rooms)


def timed(
    db: Database, actor: Actor, request: ReportRequest, runs: int
) -> tuple[float, float, int]:
    """Best wall and CPU seconds of ``runs`` reports, and the rows of the main table."""
    best, cpu, rows = float("inf"), float("inf"), 0
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        report = run_report(db, actor, request)
        best = min(best, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
        rows = len(report.main.rows)
    return best, cpu, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=10_000)
    parser.add_argument("--per-month", type=int, default=1, help="recharges per room per month")
    parser.add_argument("--charges", type=int, default=0, help="platform energy charges")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("WATTDESK_LANG", "en")
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        began = time.perf_counter()
        build_demo(db, rooms=args.rooms, opening_balances=False)
        orders, let = fill(db, args.per_month, args.charges)
        size = (Path(folder) / "bench.sqlite").stat().st_size / 1e6
        print(
            f"data       {let} let rooms, {orders:,} counter orders in 2025, {args.charges:,} "
            f"charges, {size:.0f} MB, built in {time.perf_counter() - began:.1f} s"
        )
        auditor = Actor(
            operator_id=4,
            login="auditor3",
            display_name="a",
            role=Role.AUDITOR,
            workstation="bench",
        )
        year, quarter = Period.year(2025), Period(date(2025, 1, 1), date(2025, 3, 31))
        for name, request in (
            ("orders, year", ReportRequest("orders", year)),
            ("orders, quarter", ReportRequest("orders", quarter)),
            ("orders, year, cash", ReportRequest("orders", year, filters={"method": "cash"})),
            ("income by month", ReportRequest("income", year, Grain.MONTH)),
            ("income by day", ReportRequest("income", year, Grain.DAY)),
        ):
            seconds, cpu, rows = timed(db, auditor, request, args.runs)
            goal = "  (goal ≤ 2 s)" if name == "orders, year" else ""
            print(
                f"{name:<20} best of {args.runs}: {seconds:6.3f} s (CPU {cpu:5.3f} s), "
                f"{rows:>7,} rows{goal}"
                f"   load {load()}"
            )
        db.dispose()


if __name__ == "__main__":
    main()
