"""The arrears report (欠费 / 催缴): open bills by building, with days overdue and totals.

A finance report (``report.finance``): every bill still open whose due date falls on or
before the period's last day, as of that day (or today, if earlier), grouped by building
with subtotals and the park's total of what is owed. Registered as the ``arrears`` kind, so
the reports window, ``python -m app report arrears`` and the exporters all have it.
"""

from __future__ import annotations

from datetime import date

from ..db import Database
from ..i18n import N_, tr
from ..models import utcnow
from ..reports.request import Progress, ReportKind, ReportRequest, park_name, register
from ..reports.table import Column, ColumnKind, Report, Row, Table
from ..security import Actor, Permission
from .bills import BillRow, list_bills, local_today

TITLE = N_("Arrears")


def _columns() -> list[Column]:
    fen = ColumnKind.FEN
    return [
        Column("building", tr("Building")),
        Column("account", tr("Account")),
        Column("tenant", tr("Tenant"), wide=True),
        Column("bill", tr("Bill No.")),
        Column("what", tr("Item"), wide=True),
        Column("due", tr("Due date"), ColumnKind.DATE),
        Column("days", tr("Days overdue"), ColumnKind.INT),
        Column("amount", tr("Amount (yuan)"), fen, total=True),
        Column("paid", tr("Paid (yuan)"), fen, total=True),
        Column("owed", tr("Owed (yuan)"), fen, total=True),
    ]


def _row(bill: BillRow, as_of: date) -> Row:
    return (
        bill.building or tr("(no room)"),
        bill.account,
        bill.tenant,
        bill.number,
        bill.title,
        bill.due_date,
        max(0, (as_of - bill.due_date).days),
        bill.amount_fen,
        bill.paid_fen,
        bill.owed_fen,
    )


def build_arrears(db: Database, actor: Actor, request: ReportRequest, progress: Progress) -> Report:
    """The registered builder (``run_report`` has checked ``report.finance``)."""
    as_of = min(request.period.end, local_today(str(request.period.zone)))
    scope = request.scope
    with db.read() as session:
        bills = list_bills(
            session, account_id=scope.account_id, building_id=scope.building_id, today=as_of
        )
        park = park_name(session)
    due = [b for b in bills if b.due_date <= request.period.end]
    due.sort(key=lambda b: (b.building, b.account, b.due_date, b.number))
    table = Table(
        tr("Open bills past their due date"),
        _columns(),
        [_row(b, as_of) for b in due],
        group="building",
        note=tr(
            "Open bills due by {day}; days overdue counted to that day.", day=as_of.isoformat()
        ),
    ).with_total(tr("Park total"))
    progress(1, 1)
    return Report(
        "arrears",
        tr(TITLE),
        request.period,
        scope.text or park,
        [table],
        park=park,
        generated_at=utcnow(),
    )


register(ReportKind("arrears", TITLE, Permission.REPORT_FINANCE, build_arrears))
