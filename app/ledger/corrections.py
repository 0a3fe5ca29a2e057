"""Corrections and policy on an account: fees (收费项), adjustments (调账), reversals of a
transaction, receipt reprints (补打) and the overdraft limit (透支额度).

Split from ``accounts`` (account life and money out) so each stays readable; the same
rules hold: permission checked inside the write scope, the four-eyes rule for reversals
above the threshold, the audit row in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import LedgerEntry, LedgerTxn, utcnow
from ..money import MoneyError, format_yuan, parse_yuan
from ..receipts import ReceiptData
from ..security import Actor, MoneyOut, Permission, audit, authorize
from .accounts import _account, _amount, _money_out
from .journal import ADJUSTMENT, FEES, METER, TENANT, LedgerError, Leg, post, reverse
from .recharge import receipt_data

OVERDRAFT_MAX_FEN = 10_000_000  # ¥100,000: a credit line above this is a typo, not policy


def set_overdraft(
    db: Database,
    actor: Actor,
    account_id: int,
    amount: str | int | Decimal,
    reason: str,
    *,
    now: datetime | None = None,
) -> int:
    """透支额度: how far below the cut-off line this account may go before an automatic
    cut (a hospital ward, a server room). Returns the new limit in fen; ``0`` removes it.

    It is policy, not money: no ledger entry, an administrator's decision (settings),
    audited with its reason; the relay automation reads it at its next sweep.
    """
    try:
        fen = parse_yuan(amount, allow_zero=True)
    except MoneyError as exc:
        raise LedgerError(str(exc)) from exc
    if fen > OVERDRAFT_MAX_FEN:
        raise LedgerError(
            tr(
                "an overdraft limit above {limit} is not allowed",
                limit=format_yuan(OVERDRAFT_MAX_FEN),
            )
        )
    if not reason.strip():
        raise LedgerError(tr("an overdraft limit needs a reason"))
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SETTINGS_EDIT)
        account = _account(session, account_id)
        before = account.overdraft_fen
        account.overdraft_fen = fen
        audit.record(
            session,
            actor,
            "account.overdraft",
            f"account:{account.id}",
            before={"overdraft_fen": before},
            after={"overdraft_fen": fen},
            extra={"reason": reason.strip()[:200]},
            now=moment,
        )
    return fen


def reprint(db: Database, actor: Actor, number: str) -> ReceiptData:
    """The receipt marked as a copy (补打); the reprint is audited."""
    with db.write() as session:
        authorize(session, actor, Permission.RECEIPT_PRINT)
        data = receipt_data(session, number)
        audit.record(session, actor, "receipt.reprint", f"receipt:{number}")
    return replace(data, copy=True)


def reverse_transaction(
    db: Database,
    actor: Actor,
    txn_id: int,
    approver: Actor | None = None,
    *,
    reason: str = "",
    now: datetime | None = None,
) -> int:
    """A correction: post the mirror image of ``txn_id`` (four-eyes rule on its size)."""
    moment = now or utcnow()
    with db.write() as session:
        txn = session.get(LedgerTxn, txn_id)
        if txn is None:
            raise LedgerError(tr("no ledger transaction {id}", id=txn_id))
        size = sum(abs(e) for e in _tenant_amounts(session, txn_id)) or _largest_leg(
            session, txn_id
        )
        _money_out(session, actor, MoneyOut.REVERSAL, size, approver)
        mirror = reverse(session, txn_id, actor, memo=reason, now=moment)
        audit.record(
            session,
            actor,
            "ledger.reverse",
            f"txn:{txn_id}",
            after={"reversal": mirror.id, "reason": reason, "txn": mirror.id},
            extra={"approved_by": approver.login} if approver else None,
            now=moment,
        )
        return mirror.id


def _tenant_amounts(session: Session, txn_id: int) -> list[int]:

    return [
        a
        for (a,) in session.execute(
            select(LedgerEntry.amount_fen).where(
                LedgerEntry.txn_id == txn_id, LedgerEntry.book.in_((TENANT, METER))
            )
        )
    ]


def _largest_leg(session: Session, txn_id: int) -> int:

    amounts = [
        abs(a)
        for (a,) in session.execute(
            select(LedgerEntry.amount_fen).where(LedgerEntry.txn_id == txn_id)
        )
    ]
    return max(amounts, default=0)


def charge_fee(
    db: Database,
    actor: Actor,
    account_id: int,
    amount: str | int | Decimal,
    item: str,
    *,
    key: str | None = None,
    now: datetime | None = None,
) -> int | None:
    """A custom fee item (物业费, 服务费, ...) debited from the account; ``key`` makes a
    periodic fee idempotent (e.g. ``fee:12:2026-11:物业费``). None if already charged."""
    fen, moment = _amount(amount), now or utcnow()
    if not item.strip():
        raise LedgerError(tr("a fee needs the name of its item"))
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        if (
            key
            and session.scalar(select(LedgerTxn.id).where(LedgerTxn.idempotency_key == key))
            is not None
        ):
            return None
        account = _account(session, account_id)
        txn = post(
            session,
            "fee",
            [Leg(TENANT, -fen, account.id), Leg(FEES, fen)],
            actor,
            idempotency_key=key,
            memo=item.strip(),
            now=moment,
        )
        audit.record(
            session,
            actor,
            "account.fee",
            f"account:{account.id}",
            after={"item": item.strip(), "amount_fen": fen, "txn": txn.id},
            now=moment,
        )
        return txn.id


def adjust(
    db: Database,
    actor: Actor,
    account_id: int,
    amount_fen: int,
    reason: str,
    approver: Actor | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """A manual correction of ``amount_fen`` (signed) with a reason; money out of the
    account follows the four-eyes rule like a reversal."""
    moment = now or utcnow()
    if amount_fen == 0 or not reason.strip():
        raise LedgerError(tr("an adjustment needs a non-zero amount and a reason"))
    with db.write() as session:
        _money_out(session, actor, MoneyOut.REVERSAL, abs(amount_fen), approver)
        account = _account(session, account_id)
        txn = post(
            session,
            "adjustment",
            [Leg(TENANT, amount_fen, account.id), Leg(ADJUSTMENT, -amount_fen)],
            actor,
            memo=reason.strip(),
            now=moment,
        )
        audit.record(
            session,
            actor,
            "account.adjust",
            f"account:{account.id}",
            after={"amount_fen": amount_fen, "reason": reason.strip(), "txn": txn.id},
            extra={"approved_by": approver.login} if approver else None,
            now=moment,
        )
        return txn.id
