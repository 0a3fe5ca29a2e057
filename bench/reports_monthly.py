"""The comprehensive monthly report (用电综合报表) over a big park: goal <= 3 s at 10,000 rooms.

    python bench/reports_monthly.py [--rooms 2500 10000] [--runs 3]

For each size: the demo park (``build_demo(db, rooms, opening_balances=True)``) in a
temporary SQLite file, then, in bulk, a month of money and readings for the month after
this one (the demo's opening balances and tariffs date from now, so they are the opening
and the prices in force): a daily freeze with band registers for every tenant meter on
every day of the month and the first of the next, one recharge per account, a refund for
every 20th, and for every platform-side meter a charge every third day (ledger
``charge`` with its ``meter_charge`` row and per-band lines); for the comparison report
also a freeze on the first of each of the 14 months before (month buckets read only
those). The report is then timed ``--runs`` times (the best and the median are printed)
with the load average, and checked against the ledger: the park's closing balance equals
every entry before the month's end. The comparison report (energy and income, with the
series) is timed once after it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

import keyring  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from app.db import Database, open_database  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.models import (  # noqa: E402
    BillingMode,
    LedgerEntry,
    LedgerTxn,
    Meter,
    MeterCharge,
    MeterRole,
    Payment,
    PaymentMethod,
    Reading,
    ReadingKind,
    Room,
)
from app.reports import Period, ReportRequest, run_report  # noqa: E402
from app.reports.ledgerflows import ledger_balances_at  # noqa: E402
from app.reports.period import add_months  # noqa: E402
from app.security import system_actor  # noqa: E402
from bench.audit_verify import BenchKeyring  # noqa: E402

BANDS = ("sharp", "peak", "flat", "valley")
SHARE = (Decimal("0.10"), Decimal("0.30"), Decimal("0.40"), Decimal("0.20"))
CHUNK = 20_000


def loadavg() -> str:
    return Path("/proc/loadavg").read_text(encoding="ascii").strip()


def _meters(db: Database) -> list[tuple[int, int, BillingMode]]:
    """(meter id, account id, billing mode) of every let tenant meter."""
    with db.read() as s:
        query = (
            select(Meter.id, Room.account_id, Meter.billing_mode)
            .join(Room, Meter.room_id == Room.id)
            .where(Meter.role == MeterRole.TENANT, Room.account_id.is_not(None))
            .order_by(Meter.id)
        )
        return [(m, a, mode) for m, a, mode in s.execute(query)]


def _readings(period: Period, meters: list[tuple[int, int, BillingMode]]) -> list[dict[str, Any]]:
    """A daily freeze per meter per day, 3 to 14 kWh a day, split 10/30/40/20 over bands;
    before the month only the first of each month (what month buckets read)."""
    rows: list[dict[str, Any]] = []
    days = period.days + 1
    # and, for the comparison report, a freeze on the first of each of the 14 months before
    history = [(add_months(period.start, -k) - period.start).days for k in range(14, 0, -1)]
    for meter_id, _account, _mode in meters:
        total = Decimal(10_000 + meter_id % 500)
        daily = Decimal(3 + meter_id % 12)
        for i in [*history, *range(days)]:
            value = total + daily * i
            bands = [(value * share).quantize(Decimal("0.01")) for share in SHARE[:3]]
            bands.append(value - sum(bands))
            rows.append(
                {
                    "meter_id": meter_id,
                    "kind": ReadingKind.DAILY,
                    "ts": period.midnight(period.start + timedelta(days=i)),
                    "energy_total": value,
                    **{f"energy_{b}": v for b, v in zip(BANDS, bands, strict=True)},
                }
            )
    return rows


class Money:
    """Ledger transactions, entries, payments and billed intervals, with explicit ids."""

    def __init__(self, db: Database) -> None:
        with db.read() as s:
            self.txn = (s.scalar(select(LedgerTxn.id).order_by(LedgerTxn.id.desc())) or 0) + 1
        self.txns: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []
        self.charges: list[dict[str, Any]] = []

    def post(
        self, kind: str, at: datetime, legs: list[tuple[str, int, int | None, int | None]]
    ) -> int:
        txn = self.txn
        self.txn += 1
        self.txns.append({"id": txn, "created_at": at, "kind": kind, "memo": "bench"})
        for book, fen, account, meter in legs:
            self.entries.append(
                {
                    "txn_id": txn,
                    "book": book,
                    "amount_fen": fen,
                    "account_id": account,
                    "meter_id": meter,
                }
            )
        return txn

    def pay(self, txn: int, account: int, meter: int | None, fen: int, at: datetime) -> None:
        method = PaymentMethod.CASH if fen < 0 else PaymentMethod.QR
        self.payments.append(
            {
                "txn_id": txn,
                "account_id": account,
                "meter_id": meter,
                "method": method,
                "amount_fen": fen,
                "created_at": at,
            }
        )


def _money(db: Database, period: Period, meters: list[tuple[int, int, BillingMode]]) -> Money:
    money = Money(db)
    start = period.midnight(period.start)
    seen: set[int] = set()
    for n, (meter_id, account, mode) in enumerate(meters):
        fen = 5000 + (n % 40) * 500
        at = start + timedelta(days=4, hours=2, seconds=n)
        book = "meter" if mode is BillingMode.METER else "tenant"
        if account not in seen:
            seen.add(account)
            side = meter_id if book == "meter" else None
            txn = money.post("recharge", at, [("qr", -fen, None, None), (book, fen, account, side)])
            money.pay(txn, account, side, fen, at)
            if n % 20 == 0 and book == "tenant":
                back = at + timedelta(days=3)
                txn = money.post(
                    "refund", back, [("tenant", -1000, account, None), ("cash", 1000, None, None)]
                )
                money.pay(txn, account, None, -1000, back)
        if mode is BillingMode.PLATFORM:
            for day in range(2, period.days, 3):
                end = start + timedelta(days=day)
                kwh = Decimal(3 * (3 + meter_id % 12))
                lines = [
                    {"band": b, "kwh": str(kwh * s), "fen": int(kwh * s * 66), "tier": 0}
                    for b, s in zip(BANDS, SHARE, strict=True)
                ]
                total = sum(int(line["fen"]) for line in lines)
                txn = money.post(
                    "charge",
                    end,
                    [("tenant", -total, account, None), ("revenue", total, None, None)],
                )
                money.charges.append(
                    {
                        "meter_id": meter_id,
                        "account_id": account,
                        "txn_id": txn,
                        "slot": end,
                        "start": end - timedelta(days=3),
                        "end": end,
                        "kwh": kwh,
                        "fen": total,
                        "lines": lines,
                        "note": "",
                    }
                )
    return money


def _write(db: Database, model: type, rows: list[dict[str, Any]]) -> None:
    with db.write() as s:
        for first in range(0, len(rows), CHUNK):
            s.execute(insert(model), rows[first : first + CHUNK])


def load(db: Database, rooms: int, period: Period) -> str:
    started = time.perf_counter()
    build_demo(db, rooms=rooms, opening_balances=True)
    demo = time.perf_counter() - started
    meters = _meters(db)
    readings = _readings(period, meters)
    money = _money(db, period, meters)
    with db.write() as s:  # one unit of work: the chain seals every transaction at commit
        for model, rows in (
            (LedgerTxn, money.txns),
            (LedgerEntry, money.entries),
            (Payment, money.payments),
            (MeterCharge, money.charges),
        ):
            for first in range(0, len(rows), CHUNK):
                s.execute(insert(model), rows[first : first + CHUNK])
    _write(db, Reading, readings)
    return (
        f"demo {demo:.1f} s; loaded {len(readings):,} readings, {len(money.txns):,} ledger "
        f"transactions, {len(money.charges):,} billed intervals in "
        f"{time.perf_counter() - started - demo:.1f} s"
    )


def bench(rooms: int, runs: int) -> None:
    today = date.today()
    first = add_months(today, 1)
    period = Period.month(first.year, first.month)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        print(f"{rooms:,} rooms, {period.describe()}: {load(db, rooms, period)}")
        actor = system_actor(name="bench")
        request = ReportRequest("monthly", period)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            report = run_report(db, actor, request)
            times.append(time.perf_counter() - started)
        table = report.main
        total = dict(zip([c.key for c in table.columns], table.total or (), strict=True))
        with db.read() as s:
            ledger = sum(ledger_balances_at(s, period.utc_bounds()[1]).values())
        best = min(times)
        print(
            f"  monthly report: {len(table.rows):,} accounts, best {best:.2f} s, median "
            f"{statistics.median(times):.2f} s of {runs} ({best / 3:.0%} of the 3 s goal); "
            f"load average {loadavg().split()[0]}"
        )
        print(
            f"  park total: {total['kwh']} kWh, closing {total['closing'] / 100:.2f} yuan; "
            f"ledger at the month's end {ledger / 100:.2f} yuan: "
            f"{'reconciles' if ledger == total['closing'] else 'DOES NOT RECONCILE'}"
        )
        for measure in ("energy", "income"):
            started = time.perf_counter()
            run_report(db, actor, ReportRequest("compare", period, filters={"measure": measure}))
            print(
                f"  comparison report ({measure}, with the series): "
                f"{time.perf_counter() - started:.2f} s; load average {loadavg().split()[0]}"
            )
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, nargs="+", default=[2500, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    keyring.set_keyring(BenchKeyring())
    os.environ.setdefault("WATTDESK_HOME", tempfile.mkdtemp(prefix="wattdesk-bench-"))
    print(f"load average before: {loadavg()}")
    for rooms in args.rooms:
        bench(rooms, args.runs)


if __name__ == "__main__":
    main()
