"""The monthly statement (对账单) against the small park's hand-computed March and the ledger.

Figures are those of ``tests/reports/smallpark`` (money through the real services); the
statement must agree with the monthly report row and with the ledger's balance at the end
of the month, and its PDF must say them (text extracted with pdftotext).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.billing.bills import issue_bill
from app.billing.statement import statement, statements
from app.billing.statement_pdf import write_statements_pdf
from app.billing.statement_report import statement_report
from app.db import Database
from app.ledger.journal import REVENUE, TENANT, Leg, post
from app.models import BillingLine, BillingRun
from app.reports import Period, ReportRequest, Scope, run_report
from app.reports.export import write_report
from app.reports.ledgerflows import ledger_balances_at
from app.reports.table import as_dict
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.reports.smallpark import MARCH_EXPECTED, SmallPark, at, build

MARCH = Period.month(2026, 3)
LEDGER = ("opening", "recharges", "refunds", "charges", "fees", "other", "closing")


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> SmallPark:
    return build(db)


def _end_of(period: Period) -> datetime:
    return period.utc_bounds()[1]


def test_p1_by_hand(park: SmallPark) -> None:
    with park.db.read() as s:
        item = statement(s, MARCH, park.accounts["P1"])
    assert (item.number, item.tenant, item.building, item.rooms) == ("P1", "甲公司", "A栋", "A101")
    flows = item.flows
    got = (flows.opening, flows.recharges, flows.refunds, flows.charges, flows.fees)
    assert (*got, flows.other, flows.closing) == MARCH_EXPECTED["P1"][4]
    # listed: the card recharge and the fee; the two charges are one sum
    assert [(m.kind, m.fen) for m in item.movements] == [("recharge", 20000), ("fee", -1500)]
    assert item.movements[1].memo == "物业费"
    assert item.charges_fen == -1800 and item.reconciles()
    flat = next(b for b in item.bands if b.band == "flat")
    assert (flat.price, flat.fen) == (Decimal("0.6000"), 1800)
    assert item.kwh == Decimal("32")


def test_meter_side_bands_and_prices(park: SmallPark) -> None:
    with park.db.read() as s:
        item = statement(s, MARCH, park.accounts["M1"])
    got = [(b.band, b.kwh, b.price, b.fen) for b in item.bands]
    assert got == [
        ("sharp", Decimal(10), Decimal("1.2345"), 1235),
        ("peak", Decimal(30), Decimal("0.9876"), 2963),
        ("flat", Decimal(40), Decimal("0.6000"), 2400),
        ("valley", Decimal(20), Decimal("0.3333"), 667),
    ]
    assert item.energy_fen == 7265 and item.reconciles()


def test_every_statement_reconciles_with_the_ledger_and_the_monthly_report(
    park: SmallPark,
) -> None:
    with park.db.read() as s:
        items = statements(s, MARCH, Scope())
        balances = ledger_balances_at(s, _end_of(MARCH))
    monthly = run_report(park.db, park.admin, ReportRequest("monthly", MARCH))
    rows = {r["account"]: r for r in (as_dict(monthly.main, x) for x in monthly.main.rows)}
    assert [i.number for i in items] == ["M1", "P1", "P2"]
    for item in items:
        assert item.reconciles(), item.number
        assert item.flows.closing == balances[item.account_id], item.number
        row = rows[item.number]
        assert tuple(getattr(item.flows, k) for k in LEDGER) == tuple(row[k] for k in LEDGER)
        assert item.energy_fen == row["energy_fen"]


def test_statement_sheet_report(park: SmallPark, tmp_path: Path) -> None:
    report = run_report(park.db, park.admin, ReportRequest("statements", MARCH))
    table = report.main
    rows = {r["account"]: r for r in (as_dict(table, x) for x in table.rows)}
    assert rows["P2"]["refunds"] == -2000 and rows["P2"]["closing"] == 5280
    assert rows["P1"]["fees"] == -1500 and rows["P1"]["closing"] == 26400
    assert table.total is not None and as_dict(table, table.total)["closing"] == 26400 + 8000 + 5280
    write_report(report, "xlsx", tmp_path / "sheet.xlsx")
    write_report(report, "csv", tmp_path / "sheet.csv")
    text = (tmp_path / "sheet.csv").read_text(encoding="utf-8-sig")
    assert "丙公司" in text and "52.80" in text


def _pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_statement_pdf_says_the_figures(park: SmallPark, tmp_path: Path) -> None:
    with park.db.read() as s:
        item = statement(s, MARCH, park.accounts["P1"])
    out = tmp_path / "p1.pdf"
    write_statements_pdf([(item.number, statement_report(item, "测试园区"))], out)
    text = _pdftotext(out)
    for needle in (
        "测试园区",
        "甲公司",
        "A101",
        "2026-03",
        "97.00",
        "200.00",
        "-15.00",
        "-18.00",
        "264.00",
        "0.6000",
        "物业费",
    ):
        assert needle in text, needle


def test_batch_pdf_one_statement_per_page_range(park: SmallPark, tmp_path: Path) -> None:
    with park.db.read() as s:
        items = statements(s, MARCH, Scope())
    out = tmp_path / "all.pdf"
    pages = write_statements_pdf([(i.number, statement_report(i, "测试园区")) for i in items], out)
    assert [p[0] for p in pages] == ["M1", "P1", "P2"]
    assert pages[0][1] == 1 and all(b[1] == a[2] + 1 for a, b in itertools.pairwise(pages))
    text = _pdftotext(out)
    pieces = text.split("\f")
    assert "乙商店" in pieces[pages[0][1] - 1] and "丙公司" in pieces[pages[2][1] - 1]


def test_statement_page_renders(park: SmallPark, tmp_path: Path) -> None:
    """A page rendered to PNG (pdftoppm): not blank; the file is kept for a person to look
    at (run with ``--basetemp`` to find it)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    with park.db.read() as s:
        item = statement(s, MARCH, park.accounts["M1"])
    pdf = tmp_path / "m1.pdf"
    write_statements_pdf([(item.number, statement_report(item, "测试园区"))], pdf)
    subprocess.run(
        [tool, "-r", "70", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "m1")], check=True
    )
    png = next(tmp_path.glob("m1*.png"))
    assert png.stat().st_size > 10_000  # a page of text and tables, not an empty sheet


def test_shares_and_bills_on_the_statement(park: SmallPark, tmp_path: Path) -> None:
    """A posted apportionment line (as a run posts it) and a bill show on the statement,
    with how the share was computed; the statement still reconciles."""
    account = park.accounts["P1"]
    detail = {"building": "A栋", "energy_to_share": "40.00", "basis_value": "32", "total": "160"}
    with park.db.write() as s:
        run = BillingRun(source="apportion:1", period="2026-03", summary={})
        s.add(run)
        s.flush()
        txn = post(
            s,
            "apportion",
            [Leg(TENANT, -480, account), Leg(REVENUE, 480)],
            park.admin,
            idempotency_key=f"apportion:1:2026-03:{account}",
            now=at(3, 31, 20),
        )
        s.add(
            BillingLine(
                run_id=run.id,
                account_id=account,
                kwh=Decimal("8"),
                fen=480,
                basis="energy",
                detail=detail,
                txn_id=txn.id,
            )
        )
        issue_bill(s, account, "fee:2", "2026-Q1", 90000, date(2026, 4, 15), now=at(3, 20))
    with park.db.read() as s:
        item = statement(s, MARCH, account)
    assert item.reconciles() and item.shares_fen == -480
    assert [(x.source, x.basis, x.kwh, x.fen) for x in item.shares] == [
        ("apportion:1", "energy", Decimal("8"), 480)
    ]
    assert [(b.number, b.amount_fen, b.status) for b in item.bills] == [
        ("ZD00000001", 90000, "open")
    ]
    report = statement_report(item, "测试园区")
    out = tmp_path / "p1.pdf"
    write_statements_pdf([(item.number, report)], out)
    text = _pdftotext(out)
    assert "Bill ZD00000001: 900.00 yuan to pay by 2026-04-15" in text  # under the heading
    for needle in ("ZD00000001", "2026-04-15", "900.00", "-4.80", "energy_to_share: 40.00"):
        assert needle in text, needle
