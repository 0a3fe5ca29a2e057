"""The reconciliation (对账) of a platform's bill against the ledger.

Three questions, each answered with the differences listed:

1. Does the bill add up? Its own summary lines (总交易单数 / 应结订单总金额 / 退款总金额,
   Alipay's 交易合计 / 退款合计 or 收入合计 / 支出合计) against the sum of its rows.
2. Is every payment of the bill in the ledger, once, for its amount? Each payment line's
   recharge is looked up by its idempotency key (``<platform>:<transaction id>``): missing
   (unmatched, or not imported yet) and different amounts are listed.
3. Does the ledger hold payments of this platform in the bill's period that the bill does
   not (a notification from the relay the platform never settled)? Listed too.

The totals compared are the platform's payments (what it settled to the merchant account)
and the recharges the ledger holds for that platform and period (the ``payment`` rows of
their transactions). Refunds are counted apart: they are never reversed by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from ..db import Database
from ..i18n import tr
from ..models import LedgerTxn, OnlinePayment, Payment, Receipt
from .service import ledger_key, yuan_text
from .statements import PLATFORM_ZONE, Statement


@dataclass(frozen=True)
class Difference:
    what: str  # missing | amount | extra | summary
    txn: str
    platform_fen: int | None
    ledger_fen: int | None
    note: str


@dataclass
class Reconciliation:
    platform: str
    period: tuple[datetime, datetime] | None
    platform_count: int = 0
    platform_fen: int = 0
    ledger_count: int = 0
    ledger_fen: int = 0
    refund_count: int = 0
    refund_fen: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.differences and self.platform_fen == self.ledger_fen


def reconcile(db: Database, statement: Statement) -> Reconciliation:
    """The bill against the ledger (read only)."""
    platform = statement.platform
    result = Reconciliation(platform, statement.period)
    for name, (said, rows) in statement.summary.items():
        if said is not None and said != rows:
            result.differences.append(
                Difference(
                    "summary", name, said, rows, tr("the bill's summary line and its rows differ")
                )
            )
    payments = statement.payments()
    result.platform_count = len(payments)
    result.platform_fen = sum(x.amount_fen for x in payments)
    result.refund_count = len(statement.refunds())
    result.refund_fen = sum(x.amount_fen for x in statement.refunds())
    in_bill = {x.txn for x in payments}
    with db.read() as s:
        for line in payments:
            amount = s.scalar(
                select(Payment.amount_fen)
                .join(LedgerTxn, LedgerTxn.id == Payment.txn_id)
                .where(LedgerTxn.idempotency_key == ledger_key(platform, line.txn))
            )
            if amount is None:
                result.differences.append(
                    Difference("missing", line.txn, line.amount_fen, None, tr("not in the ledger"))
                )
            elif amount != line.amount_fen:
                result.differences.append(
                    Difference("amount", line.txn, line.amount_fen, amount, tr("amounts differ"))
                )
        query = (
            select(OnlinePayment.platform_txn, Payment.amount_fen)
            .join(Payment, Payment.txn_id == OnlinePayment.txn_id)
            .where(
                OnlinePayment.platform == platform,
                OnlinePayment.kind == "payment",
                OnlinePayment.status == "credited",
            )
        )
        if statement.period is not None:
            start, end = statement.period
            query = query.where(OnlinePayment.paid_at >= start, OnlinePayment.paid_at < end)
        for txn, amount in s.execute(query):
            result.ledger_count += 1
            result.ledger_fen += int(amount)
            if txn not in in_bill:
                result.differences.append(
                    Difference(
                        "extra", txn, None, int(amount), tr("in the ledger, not in the bill")
                    )
                )
    return result


def receipts_of(db: Database, platform: str, txns: list[str]) -> dict[str, str]:
    """Receipt numbers of the recharges of ``txns`` (for the report's readers)."""
    keys = {ledger_key(platform, t): t for t in txns}
    with db.read() as s:
        rows = s.execute(
            select(LedgerTxn.idempotency_key, Receipt.number)
            .join(Receipt, Receipt.txn_id == LedgerTxn.id)
            .where(LedgerTxn.idempotency_key.in_(list(keys)))
        ).all()
    return {keys[k]: n for k, n in rows if k in keys}


def text_lines(rec: Reconciliation) -> list[str]:
    """The reconciliation as lines for the terminal."""
    out = [tr("Reconciliation (对账) of the {platform} bill", platform=rec.platform)]
    if rec.period is not None:
        start, end = (t.astimezone(PLATFORM_ZONE).strftime("%Y-%m-%d %H:%M") for t in rec.period)
        out.append(tr("period {start} to {end} (Beijing time)", start=start, end=end))
    out.append(
        tr(
            "platform: {count} payments, {amount} yuan; ledger: {lcount} recharges, {lamount} yuan",
            count=rec.platform_count,
            amount=yuan_text(rec.platform_fen),
            lcount=rec.ledger_count,
            lamount=yuan_text(rec.ledger_fen),
        )
    )
    out.append(
        tr(
            "refunds in the bill: {count}, {amount} yuan",
            count=rec.refund_count,
            amount=yuan_text(rec.refund_fen),
        )
    )
    for d in rec.differences:
        out.append(
            f"  {d.what:8} {d.txn:30} {_y(d.platform_fen):>12} {_y(d.ledger_fen):>12}  {d.note}"
        )
    out.append(tr("balanced") if rec.balanced else tr("{n} differences", n=len(rec.differences)))
    return out


def _y(fen: int | None) -> str:
    return "-" if fen is None else yuan_text(fen) if fen >= 0 else "-" + yuan_text(-fen)


def write_xlsx(rec: Reconciliation, path: Path) -> None:
    """The reconciliation as a workbook: the totals, then one row per difference (fen as
    numbers in yuan with two decimals, exact: they are written from integer fen)."""
    from decimal import Decimal

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "对账 reconciliation"
    sheet.append(["平台 platform", rec.platform])
    if rec.period is not None:
        sheet.append(
            ["期间 period"]
            + [t.astimezone(PLATFORM_ZONE).strftime("%Y-%m-%d %H:%M") for t in rec.period]
        )
    sheet.append(["", "笔数 count", "金额 yuan"])
    sheet.append(
        ["平台收款 platform payments", rec.platform_count, Decimal(rec.platform_fen) / 100]
    )
    sheet.append(["账本充值 ledger recharges", rec.ledger_count, Decimal(rec.ledger_fen) / 100])
    sheet.append(["平台退款 platform refunds", rec.refund_count, Decimal(rec.refund_fen) / 100])
    sheet.append([])
    sheet.append(
        ["差异 difference", "交易号 transaction", "平台 platform", "账本 ledger", "说明 note"]
    )
    for d in rec.differences:
        sheet.append(
            [
                d.what,
                d.txn,
                None if d.platform_fen is None else Decimal(d.platform_fen) / 100,
                None if d.ledger_fen is None else Decimal(d.ledger_fen) / 100,
                d.note,
            ]
        )
    for column, width in zip("ABCDE", (30, 32, 14, 14, 50), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(path)
