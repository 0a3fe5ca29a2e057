"""Closing an account (销户) in one transaction, with the recharges still queued for it.

A meter-side recharge that is still pending when the tenant leaves would otherwise be
written to the meter of a room nobody rents any more (the money of the old tenant, spent by
whoever comes next). So the close either refuses (the default: the cashier waits for the
meter to confirm it, or decides) or, when asked, cancels each such recharge and refunds it
in the same transaction as the settlement: each cancellation only when the meter's purchase
count proves the recharge was not applied, and never one that is being written right now.
Everything is checked before anything is written.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    Account,
    AccountStatus,
    CommandStatus,
    Meter,
    MeterCommand,
    Payment,
    Receipt,
    Room,
    utcnow,
)
from ..money import format_yuan
from ..security import Actor, MoneyOut, Permission, audit, authorize
from .accounts import (
    _account,
    _cancel_in,
    _cancellable,
    _meter_balances,
    _method,
    _money_out,
    _pay_out,
)
from .journal import METER, TENANT, LedgerError, Leg, post
from .recharge import ACTIVE


def active_recharges(session: Session, room_ids: list[int]) -> list[MeterCommand]:
    """Recharge commands that may still write to a meter of these rooms (pending or sent)."""
    if not room_ids:
        return []
    return list(
        session.scalars(
            select(MeterCommand)
            .join(Meter, Meter.id == MeterCommand.meter_id)
            .where(
                Meter.room_id.in_(room_ids),
                Meter.removed_at.is_(None),
                MeterCommand.kind == "recharge",
                MeterCommand.status.in_(ACTIVE),
            )
            .order_by(MeterCommand.id)
        )
    )


def _refuse_pending(account: Account, commands: list[MeterCommand]) -> None:
    raise LedgerError(
        tr(
            "account {number} has {count} recharge(s) still pending on the meter "
            "({amount}): wait until the meter confirms them, or close with cancel pending "
            "(CLI: --cancel-pending) to cancel and refund them",
            number=account.number,
            count=len(commands),
            amount=format_yuan(sum(int(c.payload.get("amount_fen", 0)) for c in commands)),
        )
    )


def close_account(
    db: Database,
    actor: Actor,
    account_id: int,
    method: str = "cash",
    approver: Actor | None = None,
    *,
    cancel_pending: bool = False,
    now: datetime | None = None,
) -> str | None:
    """销户: settle (refund what is left, platform and meter side), free the rooms, close.

    A negative balance must be paid first. Money left on meter-side meters is refunded as
    last read from the meter. A meter-side recharge still queued for one of the rooms'
    meters refuses the close, unless ``cancel_pending``: then each is cancelled (only when
    the meter's count proves it was not applied; one being written right now refuses) and
    refunded in the same transaction, so no command is left that could still write to the
    vacant room's meter. Returns the refund slip numbers (comma-separated), or None.
    """
    moment, pay = now or utcnow(), _method(method)
    with db.write() as session:
        account = _account(session, account_id)
        authorize(session, actor, Permission.SITE_EDIT)
        authorize(session, actor, Permission.REFUND_REQUEST)
        if account.balance_fen < 0:
            raise LedgerError(
                tr(
                    "account {number} owes {amount}: take the payment before closing",
                    number=account.number,
                    amount=format_yuan(-account.balance_fen),
                )
            )
        rooms = session.scalars(select(Room).where(Room.account_id == account.id)).all()
        pending = active_recharges(session, [r.id for r in rooms])
        cancels = _close_cancels(session, account, pending, cancel_pending)
        legs = [Leg(TENANT, -account.balance_fen, account.id)] if account.balance_fen else []
        for meter_id, balance in _meter_balances(session, [r.id for r in rooms]):
            if balance > 0:
                legs.append(Leg(METER, -balance, account.id, meter_id))
        total = -sum(leg.amount_fen for leg in legs)
        cancelled = sum(p.amount_fen for _, p, _ in cancels)
        if total + cancelled:
            _money_out(session, actor, MoneyOut.REFUND, total + cancelled, approver)
        if cancels:
            authorize(session, actor, Permission.LEDGER_REVERSE)
        # everything is checked: write
        slips, txns = [], []
        for command, payment, number in cancels:
            slip, txn_id = _cancel_in(session, actor, command, payment, number, moment)
            slips.append(slip)
            txns.append(txn_id)
        if total:
            legs.append(Leg(pay.value, total))
            txn = post(session, "close", legs, actor, memo="account closed", now=moment)
            txns.append(txn.id)
            slips.append(
                _pay_out(session, actor, txn, account, total, pay, moment, tr("final settlement"))
            )
        for room in rooms:
            room.account_id = None
        account.status, account.closed_at = AccountStatus.CLOSED, moment
        audit.record(
            session,
            actor,
            "account.close",
            f"account:{account.id}",
            after={
                "refund_fen": total,
                "slip": slips[-1] if total else None,
                "rooms": [r.number for r in rooms],
                "txn": txns[-1] if total else None,
                "cancelled": [
                    {"receipt": n, "amount_fen": p.amount_fen, "slip": s, "txn": t}
                    for (_, p, n), s, t in zip(cancels, slips, txns, strict=False)
                ],
            },
            extra={"approved_by": approver.login} if approver else None,
            now=moment,
        )
    return ", ".join(slips) or None


def _close_cancels(
    session: Session, account: Account, pending: list[MeterCommand], cancel: bool
) -> list[tuple[MeterCommand, Payment, str]]:
    """The pending recharges a close will cancel, each checked; refuses when it cannot."""
    if not pending:
        return []
    if not cancel:
        _refuse_pending(account, pending)
    out = []
    for command in pending:
        payment = session.scalar(select(Payment).where(Payment.txn_id == command.txn_id))
        receipt = session.scalar(select(Receipt.number).where(Receipt.txn_id == command.txn_id))
        if payment is None or receipt is None:  # a meter swap's balance, not a purchase
            raise LedgerError(
                tr(
                    "the balance of a meter swap is still being written to meter {meter}: "
                    "wait until the meter confirms it",
                    meter=command.meter_id,
                )
            )
        if command.status is CommandStatus.SENT:
            raise LedgerError(
                tr(
                    "recharge {number} is being written to the meter right now: "
                    "wait until the meter confirms it, then close",
                    number=receipt,
                )
            )
        _cancellable(session, command)
        out.append((command, payment, receipt))
    return out
