"""The money reports reconcile with the ledger to the fen: the income report's net (every
bucket and the total) equals the method-book entries of the period summed independently,
and the orders report's totals by method equal the payments (plus the reversals that paid
nothing out through a slip). Both back ends, on the hand-made park plus a few hundred
random counter operations through the real services at random park times."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.db import Database
from app.ledger.accounts import refund
from app.ledger.corrections import reverse_transaction
from app.ledger.journal import METHOD_BOOKS
from app.ledger.recharge import RechargeRequest, recharge
from app.models import LedgerEntry, LedgerTxn, Payment
from app.reports import Grain, Period, ReportRequest, run_report
from app.reports.table import as_dict
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

from .moneypark import MoneyPark, at, build_money_park

pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)
ZONE = ZoneInfo("Asia/Shanghai")
LABELS = {"cash": "Cash", "card": "Bank card", "transfer": "Bank transfer", "qr": "QR payment"}


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> MoneyPark:
    park = build_money_park(db)
    rng = random.Random(15)
    staff = [park.staff["cashier1"], park.staff["cashier2"], park.staff["admin"]]
    rooms = ["A101", "A102", "A201"]  # B101 is closed
    start = at("2026-09-01 00:00")
    recharges = []
    for _ in range(120):
        # near midnight half the time: the park-local day boundary is where bucketing slips
        day = start + timedelta(days=rng.randrange(120))
        minute = rng.choice([rng.randrange(1440), 15 * 60 + rng.randrange(120)])
        result = recharge(
            db,
            rng.choice(staff),
            RechargeRequest(
                f"{rng.randrange(1, 40000) / 100:.2f}",
                rng.choice(METHOD_BOOKS),
                uuid.uuid4().hex,
                room_id=park.rooms[rng.choice(rooms)],
            ),
            now=day + timedelta(minutes=minute),
        )
        recharges.append((result, day + timedelta(minutes=minute)))
    for result, moment in rng.sample(recharges, 10):
        if result.command_id is None:  # platform-side: pay part of it back later
            refund(db, staff[0], result.account_id, "1.01", "cash", now=moment + timedelta(hours=7))
        else:  # meter-side: a correction
            reverse_transaction(db, staff[2], result.txn_id, now=moment + timedelta(hours=7))
    return park


def ledger_by_day(db: Database, period: Period) -> dict[date, int]:
    """Money in at the counter per park-local day, from the raw entries (no SQL grouping)."""
    start, stop = period.utc_bounds()
    out: dict[date, int] = defaultdict(int)
    with db.read() as s:
        rows = s.execute(
            select(LedgerTxn.created_at, LedgerEntry.amount_fen)
            .join(LedgerTxn, LedgerTxn.id == LedgerEntry.txn_id)
            .where(LedgerEntry.book.in_(METHOD_BOOKS))
        ).all()
    for moment, fen in rows:
        if start <= moment < stop:
            out[moment.astimezone(ZONE).date()] -= fen
    return out


def test_income_net_equals_the_method_books_every_day(park: MoneyPark) -> None:
    period = Period(date(2026, 9, 1), date(2027, 1, 31))
    expected = ledger_by_day(park.db, period)
    with park.db.read() as s:  # the data has money between 16:00 and 24:00 UTC (next park day)
        moments = s.scalars(select(Payment.created_at)).all()
    assert sum(1 for m in moments if m.astimezone(ZONE).date() != m.date()) >= 10
    report = run_report(park.db, park.staff["auditor"], ReportRequest("income", period, Grain.DAY))
    got = {date.fromisoformat(str(r[0])): as_dict(report.main, r)["net"] for r in report.main.rows}
    assert {d: f for d, f in got.items() if f} == {d: f for d, f in expected.items() if f}
    total = as_dict(report.main, report.main.total or ())
    assert total["net"] == sum(expected.values())
    assert total["net"] == total["gross"] - total["refunds"]  # type: ignore[operator]
    by_month = run_report(
        park.db, park.staff["auditor"], ReportRequest("income", period, Grain.MONTH)
    )
    assert by_month.main.total == (by_month.main.total[0], *report.main.total[1:])  # type: ignore[index]


def test_orders_totals_by_method_equal_the_payments(park: MoneyPark) -> None:
    for period in (Period(date(2026, 9, 1), date(2027, 1, 31)), Period.month(2026, 11)):
        start, stop = period.utc_bounds()
        expected: dict[str, int] = {m: 0 for m in METHOD_BOOKS}
        with park.db.read() as s:
            for payment in s.scalars(select(Payment)):
                if start <= payment.created_at < stop:
                    expected[payment.method.value] += payment.amount_fen
            paid = {p for (p,) in s.execute(select(Payment.txn_id))}
            for txn in s.scalars(select(LedgerTxn).where(LedgerTxn.kind == "reversal")):
                if txn.id in paid or not start <= txn.created_at < stop:
                    continue
                for entry in s.scalars(select(LedgerEntry).where(LedgerEntry.txn_id == txn.id)):
                    if entry.book in METHOD_BOOKS:  # a correction, no slip: the books say out
                        expected[entry.book] -= entry.amount_fen
        report = run_report(park.db, park.staff["auditor"], ReportRequest("orders", period))
        methods = report.tables[1]
        got = {as_dict(methods, r)["method"]: as_dict(methods, r)["net"] for r in methods.rows}
        assert got == {LABELS[m]: fen for m, fen in expected.items()}
        counter = as_dict(report.main, report.main.total or ())["counter"]
        assert counter == sum(expected.values())
        income = run_report(park.db, park.staff["auditor"], ReportRequest("income", period))
        assert as_dict(income.main, income.main.total or ())["net"] == counter
