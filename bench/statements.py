"""Statements (对账单) for 1,000 accounts: goal <= 60 s (issue 16), data + one batch PDF.

    python bench/statements.py [--rooms 1300] [--accounts 1000]

The park and its month of money and readings are those of ``bench/reports_monthly.py``
(its ``load``). Timed, with the load average: the monthly report (the baseline: the
statements read the same figures), the statements' data for every account, the batch PDF
of the first ``--accounts`` statements (one file, one statement per page range), and the
statement sheet as XLSX. Every statement is checked to reconcile (opening + movements ==
closing == the ledger at the month's end).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

import keyring  # noqa: E402

from app.billing.statement import statements  # noqa: E402
from app.billing.statement_pdf import write_statements_pdf  # noqa: E402
from app.billing.statement_report import statement_report  # noqa: E402
from app.db import open_database  # noqa: E402
from app.reports import Period, ReportRequest, Scope, run_report  # noqa: E402
from app.reports.export import write_report  # noqa: E402
from app.reports.ledgerflows import ledger_balances_at  # noqa: E402
from app.reports.period import add_months  # noqa: E402
from app.security import system_actor  # noqa: E402
from bench.audit_verify import BenchKeyring  # noqa: E402
from bench.reports_monthly import load, loadavg  # noqa: E402

GOAL = 60.0


def bench(rooms: int, accounts: int) -> None:
    first = add_months(date.today(), 1)
    period = Period.month(first.year, first.month)
    actor = system_actor(name="bench")
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        print(f"{rooms:,} rooms, {period.describe()}: {load(db, rooms, period)}")
        started = time.perf_counter()
        run_report(db, actor, ReportRequest("monthly", period))
        baseline = time.perf_counter() - started
        print(f"  monthly report (baseline): {baseline:.2f} s; load {loadavg().split()[0]}")
        started = time.perf_counter()
        with db.read() as s:
            items = statements(s, period, Scope())
            ledger = ledger_balances_at(s, period.utc_bounds()[1])
        data = time.perf_counter() - started
        bad = [
            i.number
            for i in items
            if not i.reconciles() or i.flows.closing != ledger.get(i.account_id, 0)
        ]
        print(
            f"  statements' data: {len(items):,} accounts in {data:.2f} s "
            f"({data / baseline:.1f}x the monthly report); "
            f"{'all reconcile' if not bad else f'{len(bad)} DO NOT RECONCILE'}; "
            f"load {loadavg().split()[0]}"
        )
        chosen = items[:accounts]
        started = time.perf_counter()
        pages = write_statements_pdf(
            [(i.number, statement_report(i, "bench")) for i in chosen], Path(tmp) / "all.pdf"
        )
        pdf = time.perf_counter() - started
        size = (Path(tmp) / "all.pdf").stat().st_size
        print(
            f"  batch PDF: {len(chosen):,} statements, {pages[-1][2] if pages else 0:,} pages, "
            f"{size / 1e6:.1f} MB in {pdf:.2f} s; load {loadavg().split()[0]}"
        )
        started = time.perf_counter()
        sheet = run_report(db, actor, ReportRequest("statements", period))
        write_report(sheet, "xlsx", Path(tmp) / "sheet.xlsx")
        xlsx = time.perf_counter() - started
        print(f"  statement sheet XLSX: {len(sheet.main.rows):,} rows in {xlsx:.2f} s")
        total = data * len(chosen) / max(1, len(items)) + pdf
        print(
            f"  {len(chosen):,} statements (their share of the data + the PDF): {total:.1f} s, "
            f"{total / GOAL:.0%} of the {GOAL:.0f} s goal; load {loadavg()}"
        )
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=1300)
    parser.add_argument("--accounts", type=int, default=1000)
    args = parser.parse_args()
    keyring.set_keyring(BenchKeyring())
    os.environ.setdefault("WATTDESK_HOME", tempfile.mkdtemp(prefix="wattdesk-bench-"))
    print(f"load average before: {loadavg()}")
    bench(args.rooms, args.accounts)


if __name__ == "__main__":
    main()
