"""Income (收入概况): the money taken at the counter per day, month or year, by method and by
what it paid for, with refunds netted.

Income here is cash-basis, the way the finance office counts its drawers and bank
statements: the legs on the method books (cash, card, bank transfer, QR). Money in is a
recharge; money out is a refund, a closing settlement or the reversal of a recharge. The
net of a bucket therefore equals, to the fen, the sum of the ledger's method-book entries
of that bucket (with the sign turned to the park's side), which the reconciliation test
checks. Energy charges, fees deducted from balances, adjustments and transfers move money
inside the ledger and are not income at the counter (the orders report lists them).

What it paid for: a counter transaction's own kind decides (a reversal takes the kind of
what it reverses): ``fee`` is a fee paid at the counter, ``deposit`` a deposit, anything
else (recharges and their refunds) is electricity. No such fee or deposit kinds exist yet
(issue 16): the columns are there and 0. Nor is there an online payment method yet: the
"Online" column is kept, always 0, so the layout will not change when it comes.

One grouped query per report: (UTC hour, method, purpose) -> money in, money out; Python
folds the hours into park-local days and the report's buckets (see ``moneyq.Slot``).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ..db import Database
from ..i18n import N_, tr
from ..models import LedgerEntry, LedgerTxn, utcnow
from ..security import Actor, Permission
from .moneyq import METHODS, NOT_CHARGES, Slot, account_ids, method_label, txn_window
from .period import Bucket, ReportError
from .request import Progress, ReportKind, ReportRequest, park_name, register
from .table import Column, ColumnKind, Report, Row, Table, percent, yuan

__all__ = ["PURPOSES", "build_income", "income_columns"]

ALL_METHODS = (*METHODS, "online")  # online: no payment method yet, column kept at 0
PURPOSES = ("electricity", "fees", "deposits")
PURPOSE_LABELS = {
    "electricity": N_("Electricity"),
    "fees": N_("Fees"),
    "deposits": N_("Deposits"),
}


def income_columns() -> list[Column]:
    return [
        Column("bucket", tr("Period"), ColumnKind.TEXT),
        *[Column(m, method_label(m), ColumnKind.FEN, total=True) for m in ALL_METHODS],
        *[Column(p, tr(PURPOSE_LABELS[p]), ColumnKind.FEN, total=True) for p in PURPOSES],
        Column("gross", tr("Money in (yuan)"), ColumnKind.FEN, total=True),
        Column("refunds", tr("Refunds (yuan)"), ColumnKind.FEN, total=True),
        Column("net", tr("Net income (yuan)"), ColumnKind.FEN, total=True),
    ]


def _sums(session: Session, request: ReportRequest) -> dict[date, dict[str, int]]:
    """Per park-local day: net per method and purpose, and money in and out."""
    slot = Slot(session, request.period)
    hour = slot.expr(LedgerTxn.created_at)
    original = aliased(LedgerTxn)
    what = func.coalesce(original.kind, LedgerTxn.kind)
    purpose = case((what == "fee", "fees"), (what == "deposit", "deposits"), else_="electricity")
    money_in = func.sum(case((LedgerEntry.amount_fen < 0, -LedgerEntry.amount_fen), else_=0))
    money_out = func.sum(case((LedgerEntry.amount_fen > 0, LedgerEntry.amount_fen), else_=0))
    query = (
        select(hour, LedgerEntry.book, purpose, money_in, money_out)
        .join(LedgerTxn, LedgerTxn.id == LedgerEntry.txn_id)
        .outerjoin(original, original.id == LedgerTxn.reverses_id)
        .where(*txn_window(request.period), LedgerTxn.kind.in_(NOT_CHARGES))
        .where(LedgerEntry.book.in_(METHODS))
        .group_by(hour, LedgerEntry.book, purpose)
    )
    accounts = account_ids(request.scope)
    if accounts is not None:
        scoped = select(LedgerEntry.txn_id).where(LedgerEntry.account_id.in_(accounts))
        query = query.where(LedgerTxn.id.in_(scoped))
    days: dict[date, dict[str, int]] = {}
    for value, book, paid_for, fen_in, fen_out in session.execute(query):
        sums = days.setdefault(slot.day(value), {})
        net = int(fen_in) - int(fen_out)
        for key, fen in (
            (book, net),
            (paid_for, net),
            ("gross", int(fen_in)),
            ("refunds", int(fen_out)),
            (f"in:{book}", int(fen_in)),
            (f"out:{book}", int(fen_out)),
            (f"in:{paid_for}", int(fen_in)),
            (f"out:{paid_for}", int(fen_out)),
        ):
            sums[key] = sums.get(key, 0) + fen
    return days


def _row(bucket: Bucket, sums: dict[str, int]) -> Row:
    keys = (*ALL_METHODS, *PURPOSES, "gross", "refunds")
    values = [sums.get(key, 0) for key in keys]
    return (bucket.label, *values, sums.get("gross", 0) - sums.get("refunds", 0))


def build_income(db: Database, actor: Actor, request: ReportRequest, progress: Progress) -> Report:
    """The income report (``run_report`` has checked ``report.finance``)."""
    del actor
    if any(v.strip() for v in request.filters.values()):
        raise ReportError(tr("The income report takes no filters; use the orders report."))
    buckets = request.period.buckets(request.grain)
    progress(0, len(buckets) + 1)
    with db.read() as session:
        days = _sums(session, request)
        park = park_name(session)
    rows: list[Row] = []
    for i, bucket in enumerate(buckets):
        sums: dict[str, int] = {}
        day = bucket.start
        while day <= bucket.end:
            for key, fen in days.get(day, {}).items():
                sums[key] = sums.get(key, 0) + fen
            day += timedelta(days=1)
        rows.append(_row(bucket, sums))
        progress(i + 1, len(buckets) + 1)
    whole: dict[str, int] = {}
    for sums in days.values():
        for key, fen in sums.items():
            whole[key] = whole.get(key, 0) + fen
    if not days:
        rows = []  # no money at the counter in the period: an empty report, said as such
    table = Table(tr("Income"), income_columns(), rows).with_total(tr("Total"))
    table.note = tr(
        "Money taken at the counter, refunds netted. Online payments and fees and deposits "
        "paid at the counter are not recorded yet: their columns stay 0."
    )
    net = table.index("net")
    report = Report(
        "income",
        tr("Income"),
        request.period,
        request.scope.text or park,
        [
            table,
            composition(tr("Payment method"), {m: method_label(m) for m in ALL_METHODS}, whole),
            composition(tr("Paid for"), {p: tr(PURPOSE_LABELS[p]) for p in PURPOSES}, whole),
        ],
        grain=request.grain,
        park=park,
        generated_at=utcnow(),
        series={tr("Net income"): [(str(r[0]), yuan(int(r[net] or 0))) for r in rows]},  # type: ignore[arg-type]
    )
    progress(len(buckets) + 1, len(buckets) + 1)
    return report


def composition(title: str, items: dict[str, str], whole: dict[str, int]) -> Table:
    """The period's income by method or by what it paid for (构成): money in, refunds, net
    and each item's share of the money in."""
    columns = [
        Column("item", title, ColumnKind.TEXT),
        Column("gross", tr("Money in (yuan)"), ColumnKind.FEN, total=True),
        Column("refunds", tr("Refunds (yuan)"), ColumnKind.FEN, total=True),
        Column("net", tr("Net income (yuan)"), ColumnKind.FEN, total=True),
        Column("share", tr("Share of money in"), ColumnKind.PERCENT),
    ]
    gross = whole.get("gross", 0)
    rows: list[Row] = []
    for key, label in items.items():
        fen_in, fen_out = whole.get(f"in:{key}", 0), whole.get(f"out:{key}", 0)
        rows.append((label, fen_in, fen_out, fen_in - fen_out, percent(fen_in, gross)))
    table = Table(tr("Composition: {what}", what=title), columns, rows if whole else [])
    return table.with_total(tr("Total"))


register(ReportKind("income", N_("Income"), Permission.REPORT_FINANCE, build_income))
