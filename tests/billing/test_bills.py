"""Bills (催缴账单) at the counter: list by arrears, pay whole or in part, refuse twice.

The small park of ``tests/reports/smallpark`` (real services, both back ends). A bill is
issued with ``issue_bill`` (what a fee run in bill mode does); a cashier pays it: one
ledger transaction of kind ``bill`` (method book in, fees book), a payment in the
cashier's shift, a gap-free receipt, an audit row; the prepaid balance is untouched and
``ledger verify`` holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.billing.bills import cancel_bill, issue_bill, list_bills, open_bills, pay_bill
from app.db import Database
from app.ledger.journal import LedgerError, verify
from app.ledger.shifts import close_shift, open_shift_totals
from app.models import Account, AuditEntry, LedgerEntry, LedgerTxn, Payment, Receipt, Role
from app.reports import Period, ReportRequest, run_report
from app.reports.export import write_report
from app.reports.table import as_dict
from app.security import Actor, PermissionDenied, add_operator, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.reports.smallpark import PASSWORD, SmallPark, at, build

CASHIER_PASSWORD = "Cashier-2026!x"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> SmallPark:
    return build(db)


def _issue(park: SmallPark, account: str, fen: int, due: date, source: str = "fee:1") -> str:
    with park.db.write() as s:
        bill = issue_bill(s, park.accounts[account], source, "2026-Q1", fen, due, now=at(3, 1))
        return bill.number


def _cashier(park: SmallPark) -> Actor:
    add_operator(park.db, park.admin, "cashier1", "收银员一", Role.CASHIER, CASHIER_PASSWORD)
    return login(park.db, "cashier1", CASHIER_PASSWORD)


def test_numbers_are_gap_free_and_open_bills_overdue_first(park: SmallPark) -> None:
    late = _issue(park, "P2", 30000, date(2026, 3, 15))
    later = _issue(park, "P1", 50000, date(2026, 4, 15))
    assert (late, later) == ("ZD00000001", "ZD00000002")
    with park.db.read() as s:
        rows = list_bills(s, today=date(2026, 4, 1))
    assert [(r.number, r.arrears_days, r.owed_fen) for r in rows] == [
        ("ZD00000001", 17, 30000),
        ("ZD00000002", 0, 50000),
    ]
    assert rows[0].account == "P2" and rows[0].building == "B栋" and rows[0].tenant == "丙公司"


def test_pay_whole_bill_once(park: SmallPark) -> None:
    number = _issue(park, "P2", 30000, date(2026, 3, 15))
    cashier = _cashier(park)
    with park.db.read() as s:
        balance = s.get(Account, park.accounts["P2"]).balance_fen  # type: ignore[union-attr]
    paid = pay_bill(park.db, cashier, number, "cash", now=at(4, 2, 10))
    assert (paid.amount_fen, paid.owed_after_fen, paid.status) == (30000, 0, "paid")
    assert paid.receipt_number.startswith("R") and paid.receipt.state == "bill"
    with park.db.read() as s:
        txn = s.get(LedgerTxn, paid.txn_id)
        assert txn is not None and txn.kind == "bill"
        legs = {
            (e.book, e.amount_fen)
            for e in s.scalars(select(LedgerEntry).where(LedgerEntry.txn_id == paid.txn_id))
        }
        assert legs == {("cash", -30000), ("tenant", 30000), ("tenant", -30000), ("fees", 30000)}
        payment = s.scalar(select(Payment).where(Payment.txn_id == paid.txn_id))
        assert payment is not None and payment.amount_fen == 30000
        assert payment.shift_id is not None
        assert s.scalar(select(Receipt).where(Receipt.txn_id == paid.txn_id)) is not None
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "bill.pay")).all()
        assert len(audit) == 1 and number in audit[0].detail
        account = s.get(Account, park.accounts["P2"])
        assert account is not None and account.balance_fen == balance  # prepaid untouched
        totals = open_shift_totals(s, "cashier1")
        assert totals is not None and totals.by_method["cash"] == 30000
    with pytest.raises(LedgerError):
        pay_bill(park.db, cashier, number, "cash", now=at(4, 2, 10))
    assert verify(park.db).ok
    with park.db.read() as s:
        assert list_bills(s) == []


def test_partial_payments_then_closed(park: SmallPark) -> None:
    number = _issue(park, "P1", 50000, date(2026, 4, 15))
    cashier = _cashier(park)
    first = pay_bill(park.db, cashier, number, "card", "200", now=at(4, 3, 9))
    assert (first.owed_before_fen, first.owed_after_fen, first.status) == (50000, 30000, "open")
    with pytest.raises(LedgerError):
        pay_bill(park.db, cashier, number, "qr", "300.01", now=at(4, 3, 9))
    second = pay_bill(park.db, cashier, number, "qr", now=at(4, 3, 10))
    assert (second.amount_fen, second.status) == (30000, "paid")
    assert first.receipt_number != second.receipt_number
    report = close_shift(park.db, cashier, "0", now=at(4, 3, 18))
    assert report.by_method["card"] == 20000 and report.by_method["qr"] == 30000
    assert verify(park.db).ok


def test_income_report_counts_bill_money(park: SmallPark) -> None:
    number = _issue(park, "P2", 12345, date(2026, 3, 15))
    pay_bill(park.db, _cashier(park), number, "transfer", now=at(4, 5, 9))
    report = run_report(park.db, park.admin, ReportRequest("orders", Period.month(2026, 4)))
    kinds = [as_dict(report.main, r) for r in report.main.rows]
    assert any(r.get("amount") == 12345 or 12345 in r.values() for r in kinds)


def test_roles_and_cancel(park: SmallPark) -> None:
    number = _issue(park, "P2", 1000, date(2026, 3, 15))
    cashier = _cashier(park)
    assert [b.number for b in open_bills(park.db, cashier)] == [number]
    with pytest.raises(PermissionDenied):
        cancel_bill(park.db, cashier, number, "wrong bill")
    cancel_bill(park.db, park.admin, number, "wrong bill")
    with pytest.raises(LedgerError):
        pay_bill(park.db, cashier, number, "cash")
    add_operator(park.db, park.admin, "op1", "操作员", Role.OPERATOR, CASHIER_PASSWORD)
    operator = login(park.db, "op1", CASHIER_PASSWORD)
    with pytest.raises(PermissionDenied):
        pay_bill(park.db, operator, _issue(park, "P1", 500, date(2026, 5, 1)), "cash")
    assert PASSWORD


def test_arrears_report_by_building(park: SmallPark, tmp_path: Path) -> None:
    late = _issue(park, "P2", 30000, date(2026, 3, 15))
    _issue(park, "P1", 50000, date(2026, 3, 25))
    _issue(park, "P1", 7000, date(2026, 5, 1))  # not yet due at the end of April
    pay_bill(park.db, _cashier(park), late, "cash", "100", now=at(4, 2, 10))
    report = run_report(park.db, park.admin, ReportRequest("arrears", Period.month(2026, 4)))
    rows = [as_dict(report.main, r) for r in report.main.rows]
    assert [(r["building"], r["account"], r["days"], r["owed"]) for r in rows] == [
        ("A栋", "P1", 36, 50000),
        ("B栋", "P2", 46, 20000),
    ]
    assert report.main.total is not None
    assert as_dict(report.main, report.main.total)["owed"] == 70000
    write_report(report, "xlsx", tmp_path / "arrears.xlsx")
    with pytest.raises(PermissionDenied):
        run_report(park.db, _operator(park), ReportRequest("arrears", Period.month(2026, 4)))


def _operator(park: SmallPark) -> Actor:
    add_operator(park.db, park.admin, "op2", "操作员二", Role.OPERATOR, CASHIER_PASSWORD)
    return login(park.db, "op2", CASHIER_PASSWORD)
