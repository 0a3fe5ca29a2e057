"""``statement pdf`` and ``bill list|pay|cancel``: statements and bills (对账单, 催缴账单).

``statement pdf --account A --period YYYY-MM --output FILE`` prints one account's monthly
statement; ``--building B`` instead prints every statement of the building into one PDF
(one statement per page range, listed on standard error). ``--format xlsx|csv`` writes the
statement (or, with ``--building``, the statement sheet) through the reports' exporters.
Reading statements needs ``report.finance`` (administrator, auditor).

``bill list [--open] [--account A] [--json]`` lists bills, overdue first, with days in
arrears (a cashier, an administrator or an auditor). ``bill pay NUMBER --method cash``
takes a bill's money at the counter (a cashier or an administrator; ``--amount`` for part
of it; ``--receipt FILE`` writes the receipt PDF). ``bill cancel NUMBER --reason TEXT``
withdraws an unpaid bill (an administrator).

Exit codes: 0 done; 1 refused (an unknown account or bill, a paid bill, a role that may
not, a file that cannot be written); 2 usage; 3 environment.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import tr
from ..security import Permission
from .auth import actor_for, login_required
from .collector_cmds import _zone


def register(sub: argparse._SubParsersAction[Any]) -> None:
    statement = sub.add_parser("statement", help="monthly statements of accounts (对账单)")
    ssub = statement.add_subparsers(dest="statement_command", metavar="ACTION")
    pdf = ssub.add_parser("pdf", help="an account's statement, or a building's, as PDF")
    who = pdf.add_mutually_exclusive_group(required=True)
    who.add_argument("--account", help="the account's number")
    who.add_argument("--building", help="every account of this building (one PDF)")
    pdf.add_argument("--period", required=True, metavar="YYYY-MM", help="the month")
    pdf.add_argument("--output", required=True, metavar="FILE", help="the file to write")
    pdf.add_argument("--format", choices=["pdf", "xlsx", "csv"], default="pdf", help="default: pdf")
    pdf.add_argument("--timezone", default="Asia/Shanghai", type=_zone, help="park time zone")
    pdf.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    pdf.set_defaults(handler=cmd_statement)
    login_required(pdf, Permission.REPORT_FINANCE)

    bill = sub.add_parser("bill", help="bills (催缴账单): list, pay at the counter, cancel")
    bsub = bill.add_subparsers(dest="bill_command", metavar="ACTION")
    listing = bsub.add_parser("list", help="bills, overdue first")
    listing.add_argument("--open", action="store_true", help="only bills still open")
    listing.add_argument("--account", help="only this account's bills")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    listing.set_defaults(handler=cmd_bill_list)
    login_required(listing)  # open_bills checks the role (cashier or finance)

    pay = bsub.add_parser("pay", help="take a bill's money at the counter")
    pay.add_argument("number", metavar="NUMBER", help="the bill's number (ZD00000012)")
    pay.add_argument("--method", required=True, choices=["cash", "card", "transfer", "qr"])
    pay.add_argument("--amount", metavar="YUAN", help="part of it (default: all that is owed)")
    pay.add_argument("--receipt", metavar="FILE", help="also write the receipt as PDF")
    pay.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    pay.set_defaults(handler=cmd_bill_pay)
    login_required(pay, Permission.RECHARGE)

    cancel = bsub.add_parser("cancel", help="withdraw a bill nothing was paid on")
    cancel.add_argument("number", metavar="NUMBER")
    cancel.add_argument("--reason", required=True, help="why (kept in the audit log)")
    cancel.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    cancel.set_defaults(handler=cmd_bill_cancel)
    login_required(cancel, Permission.BILLING_RUN)


def _account_id(db: Any, number: str) -> int:
    from sqlalchemy import select

    from ..models import Account
    from . import CommandError

    with db.read() as session:
        found = session.scalar(select(Account.id).where(Account.number == number.strip()))
    if found is None:
        raise CommandError(tr("There is no account {number!r}.", number=number))
    return int(found)


def cmd_statement(args: argparse.Namespace) -> int:
    from ..reports import ReportError

    try:
        return _statement(args)
    except ReportError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1


def _statement(args: argparse.Namespace) -> int:
    from ..billing.statement import statements
    from ..billing.statement_report import sheet_table, statement_report
    from ..reports import Period, Report, park_name, resolve_scope
    from ..reports.export import write_report
    from ..reports.table import Table
    from . import CommandError
    from .site_cmds import _open

    zone = ZoneInfo(args.timezone)
    period = Period.parse(args.period, args.period, zone)
    output = Path(args.output)
    if not output.parent.is_dir():
        raise CommandError(tr("The folder {path} does not exist.", path=str(output.parent)))
    db = _open(args)
    try:
        actor_for(args, db)
        with db.read() as session:
            scope = resolve_scope(session, building=args.building, account=args.account)
            park = park_name(session)
            items = statements(session, period, scope)
    finally:
        db.dispose()
    if not items:
        raise CommandError(
            tr(
                "No statement for {what} in {period}.",
                what=args.account or args.building,
                period=period.describe(),
            )
        )
    reports = [(item.number, statement_report(item, park)) for item in items]
    if args.format == "pdf":
        from ..billing.statement_pdf import write_statements_pdf

        pages = write_statements_pdf(reports, output, zone)
        for number, first, last in pages:
            sys.stderr.write(
                tr("{account}: pages {first}-{last}", account=number, first=first, last=last) + "\n"
            )
    elif args.account:
        write_report(reports[0][1], args.format, output, zone=zone)
    else:
        table: Table = sheet_table(items)
        sheet = Report("statements", table.title, period, scope.text, [table], park=park)
        write_report(sheet, args.format, output, zone=zone)
    sys.stderr.write(
        tr("{count} statement(s) written to {path}.", count=len(items), path=str(output)) + "\n"
    )
    return 0


def cmd_bill_list(args: argparse.Namespace) -> int:
    from ..billing.bills import open_bills, status_text
    from ..money import format_yuan
    from .site_cmds import _open

    db = _open(args)
    try:
        actor = actor_for(args, db)
        account = _account_id(db, args.account) if args.account else None
        rows = open_bills(db, actor, account, open_only=args.open)
    finally:
        db.dispose()
    for row in rows:
        if args.json:
            print(
                json.dumps(
                    {
                        "number": row.number,
                        "account": row.account,
                        "tenant": row.tenant,
                        "building": row.building,
                        "source": row.source,
                        "period": row.period,
                        "amount_fen": row.amount_fen,
                        "paid_fen": row.paid_fen,
                        "owed_fen": row.owed_fen,
                        "due_date": row.due_date.isoformat(),
                        "status": row.status,
                        "arrears_days": row.arrears_days,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            late = tr("{days} days late", days=row.arrears_days) if row.arrears_days > 0 else ""
            print(
                f"{row.number}  {row.account}  {row.tenant}  {row.what or row.source} "
                f"{row.period}  {format_yuan(row.amount_fen)}  {format_yuan(row.paid_fen)}  "
                f"{row.due_date.isoformat()}  {status_text(row.status)}  {late}".rstrip()
            )
    if not args.json:
        sys.stderr.write(tr("{count} bill(s).", count=len(rows)) + "\n")
    return 0


def cmd_bill_pay(args: argparse.Namespace) -> int:
    from ..billing.bills import pay_bill
    from .site_cmds import _open

    db = _open(args)
    try:
        actor = actor_for(args, db)
        paid = pay_bill(db, actor, args.number, args.method, args.amount)
    finally:
        db.dispose()
    if args.receipt:
        from ..receipts import render_pdf

        Path(args.receipt).write_bytes(render_pdf(paid.receipt, "a5"))
    print(
        tr(
            "Bill {number}: {amount} yuan paid by {method}, receipt {receipt}; {owed} yuan "
            "still owed.",
            number=paid.bill_number,
            amount=f"{paid.amount_fen / 100:.2f}",
            method=args.method,
            receipt=paid.receipt_number,
            owed=f"{paid.owed_after_fen / 100:.2f}",
        )
    )
    return 0


def cmd_bill_cancel(args: argparse.Namespace) -> int:
    from ..billing.bills import cancel_bill
    from .site_cmds import _open

    db = _open(args)
    try:
        actor = actor_for(args, db)
        cancel_bill(db, actor, args.number, args.reason)
    finally:
        db.dispose()
    print(tr("Bill {number} cancelled.", number=args.number))
    return 0
