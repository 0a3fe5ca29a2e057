"""Cashier shift close (交班/日结): totals by method and operator, receipts, expected vs
counted cash, a ledger check, and a PDF report. A closed shift never changes again: its
totals are frozen in the row and new payments open a new shift.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    LedgerHead,
    Operator,
    Park,
    Payment,
    PaymentMethod,
    Receipt,
    Shift,
    utcnow,
)
from ..money import MoneyError, format_yuan, parse_yuan
from ..receipts import cjk_font, method_label, wrap_text
from ..security import Actor, Permission, PermissionDenied, audit, authorize
from .journal import LedgerError, verify


@dataclass
class ShiftReport:
    shift_id: int
    operator: str
    opened_at: datetime
    closed_at: datetime
    by_method: dict[str, int] = field(default_factory=dict)  # net fen per payment method
    receipts: list[str] = field(default_factory=list)
    payments: int = 0
    expected_cash_fen: int = 0
    counted_cash_fen: int = 0
    ledger_ok: bool = True
    ledger_breaches: list[str] = field(default_factory=list)
    reason: str = ""  # why counted and expected cash differ (asked for at the counter)
    cashier_name: str = ""  # the operator's name, printed instead of the login
    park: str = ""  # the header of the printed report: who runs the counter
    park_address: str = ""
    park_phone: str = ""

    @property
    def difference_fen(self) -> int:
        return self.counted_cash_fen - self.expected_cash_fen

    def as_dict(self) -> dict[str, object]:
        return {
            "by_method": self.by_method,
            "receipts": self.receipts,
            "payments": self.payments,
            "expected_cash_fen": self.expected_cash_fen,
            "counted_cash_fen": self.counted_cash_fen,
            "difference_fen": self.difference_fen,
            "reason": self.reason,
            "ledger_ok": self.ledger_ok,
        }


@dataclass(frozen=True)
class ShiftTotals:
    """An open shift as it stands: what the close dialog shows before anything is frozen."""

    shift_id: int
    opened_at: datetime
    by_method: dict[str, int]
    payments: int
    expected_cash_fen: int


def _sums(session: Session, shift_id: int) -> tuple[dict[str, int], list[Payment]]:
    payments = session.scalars(
        select(Payment).where(Payment.shift_id == shift_id).order_by(Payment.id)
    ).all()
    by_method = {m.value: 0 for m in PaymentMethod}
    for payment in payments:
        by_method[payment.method.value] += payment.amount_fen
    return by_method, list(payments)


def open_shift_totals(session: Session, login: str) -> ShiftTotals | None:
    """The login's open shift with its totals by method and the cash expected in the
    drawer, or None when it has taken no money since its last close."""
    shift = session.scalar(
        select(Shift).where(Shift.operator_login == login, Shift.closed_at.is_(None))
    )
    if shift is None:
        return None
    by_method, payments = _sums(session, shift.id)
    return ShiftTotals(
        shift.id, shift.opened_at, by_method, len(payments), by_method[PaymentMethod.CASH.value]
    )


def close_shift(
    db: Database,
    actor: Actor,
    counted_cash: str,
    *,
    reason: str = "",
    expected_cash_fen: int | None = None,
    shift_id: int | None = None,
    now: datetime | None = None,
) -> ShiftReport:
    """Close the actor's open shift (or ``shift_id`` with the right to close any).

    ``expected_cash_fen`` is what the cashier was shown: if a payment reached the shift
    since (another desk, same login), the close is refused rather than freezing totals the
    cashier never saw. ``reason`` explains a difference and is kept in the audit row."""
    try:
        counted = parse_yuan(counted_cash, allow_zero=True)
    except MoneyError as exc:
        raise LedgerError(str(exc)) from exc
    moment = now or utcnow()
    check = verify(db)  # read-only and outside the write lock: it may take a while
    with db.write() as session:
        authorize(session, actor, Permission.SHIFT_CLOSE_OWN)
        if shift_id is None:
            shift = session.scalar(  # locked: two desks closing one shift close it once
                select(Shift)
                .where(Shift.operator_login == actor.login, Shift.closed_at.is_(None))
                .with_for_update()
            )
            if shift is None:
                raise LedgerError(tr("you have no open shift"))
        else:
            shift = session.get(Shift, shift_id, with_for_update=True)
            if shift is None:
                raise LedgerError(tr("no shift {id}", id=shift_id))
            if shift.operator_login != actor.login and not actor.can(Permission.SHIFT_CLOSE_ANY):
                raise PermissionDenied(actor, Permission.SHIFT_CLOSE_ANY)
        if shift.closed_at is not None:
            raise LedgerError(tr("shift {id} is already closed", id=shift.id))
        by_method, payments = _sums(session, shift.id)
        cash = by_method[PaymentMethod.CASH.value]
        if expected_cash_fen is not None and cash != expected_cash_fen:
            raise LedgerError(
                tr(
                    "the expected cash changed from {shown} to {now} since the totals were "
                    "shown: look at them again",
                    shown=format_yuan(expected_cash_fen),
                    now=format_yuan(cash),
                )
            )
        txns = [p.txn_id for p in payments]
        receipts = session.scalars(
            select(Receipt.number).where(Receipt.txn_id.in_(txns)).order_by(Receipt.seq)
        ).all()
        report = ShiftReport(
            shift.id,
            shift.operator_login,
            shift.opened_at,
            moment,
            by_method,
            list(receipts),
            len(payments),
            by_method[PaymentMethod.CASH.value],
            counted,
            check.ok,
            check.breaches[:20],
            reason.strip(),
            **_header(session, shift),
        )
        shift.closed_at, shift.expected_cash_fen, shift.counted_cash_fen = (
            moment,
            report.expected_cash_fen,
            counted,
        )
        shift.totals = report.as_dict()
        head = session.get(LedgerHead, 1)  # the ledger chain's head, anchored in the audit log
        anchor = {"ledger_seq": head.seq, "ledger_hash": head.hash} if head else None
        audit.record(
            session,
            actor,
            "shift.close",
            f"shift:{shift.id}",
            after=report.as_dict(),
            extra=anchor,
            now=moment,
        )
    return report


def _header(session: Session, shift: Shift) -> dict[str, str]:
    """The cashier's name and the park's name, address and phone for the printed report."""
    operator = session.get(Operator, shift.operator_id) if shift.operator_id else None
    park = session.scalar(select(Park).order_by(Park.id))
    return {
        "cashier_name": (operator.display_name if operator else "") or shift.operator_login,
        "park": park.name if park else "",
        "park_address": park.address if park else "",
        "park_phone": park.phone if park else "",
    }


def shift_report_pdf(report: ShiftReport, park: str = "", timezone: str = "Asia/Shanghai") -> bytes:
    """The shift close report on A4, for the cash drawer's paper trail: the park's header
    (name, address, phone), the cashier by name, the totals and the signatures."""
    font, zone = cjk_font(), ZoneInfo(timezone)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setTitle(f"{park or report.park} {tr('Shift close report')} #{report.shift_id}")
    width, height = A4
    margin, y = 20 * mm, A4[1] - 25 * mm
    canvas.setFont(font, 16)
    canvas.drawCentredString(width / 2, y, park or report.park)
    y -= 18
    canvas.setFont(font, 9.5)
    contact = [report.park_address]
    if report.park_phone:
        contact.append(tr("Phone: {phone}", phone=report.park_phone))
    line = "    ".join(part for part in contact if part)
    if line:
        canvas.drawCentredString(width / 2, y, line)
        y -= 16
    canvas.line(margin, y + 6, width - margin, y + 6)
    y -= 14
    canvas.setFont(font, 14)
    canvas.drawString(margin, y, tr("Shift close report"))
    y -= 24
    canvas.setFont(font, 10.5)
    fmt = "%Y-%m-%d %H:%M"
    rows = [
        (tr("Cashier"), report.cashier_name or report.operator),
        (
            tr("Shift"),
            f"#{report.shift_id}  {report.opened_at.astimezone(zone).strftime(fmt)} – "
            f"{report.closed_at.astimezone(zone).strftime(fmt)}",
        ),
        *[(method_label(m), format_yuan(v)) for m, v in report.by_method.items()],
        (tr("Payments"), str(report.payments)),
        (tr("Expected cash"), format_yuan(report.expected_cash_fen)),
        (tr("Counted cash"), format_yuan(report.counted_cash_fen)),
        (tr("Difference"), format_yuan(report.difference_fen)),
        *([(tr("Reason for the difference"), report.reason)] if report.reason else []),
        (tr("Ledger check"), tr("passed") if report.ledger_ok else tr("FAILED")),
    ]
    for label, value in rows:
        canvas.drawString(margin, y, label)
        for part in wrap_text(value, font, 10.5, width - 2 * margin - 45 * mm) or [""]:
            canvas.drawString(margin + 45 * mm, y, part)
            y -= 17
    y -= 8
    canvas.drawString(margin, y, tr("Receipts") + f" ({len(report.receipts)}):")
    y -= 15
    canvas.setFont(font, 8.5)
    line = ""
    for number in report.receipts:
        if len(line) + len(number) > 110:
            canvas.drawString(margin, y, line)
            y, line = y - 12, ""
            if y < 30 * mm:
                canvas.showPage()
                canvas.setFont(font, 8.5)
                y = height - 25 * mm
        line += number + "  "
    if line:
        canvas.drawString(margin, y, line)
    canvas.setFont(font, 10.5)
    canvas.drawString(margin, 25 * mm, tr("Cashier signature:"))
    canvas.drawString(width / 2, 25 * mm, tr("Checked by:"))
    canvas.showPage()
    canvas.save()
    return out.getvalue()
