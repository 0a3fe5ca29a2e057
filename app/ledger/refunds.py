"""Refund requests (退费申请) decided later by an administrator.

Above the approval threshold a refund needs a second operator. When the administrator is
at the desk they approve it there (``accounts.refund(..., approver=...)``). When they are
not, the cashier files a request: nothing moves, the request waits in a list, and an
administrator approves or rejects it later from their own desk. On approval the refund is
made in the requesting cashier's name and shift (their drawer pays, their slip) with the
administrator as approver, exactly as if both had been at the desk; the balance is checked
again then, because the tenant kept using energy meanwhile. Every step is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    Account,
    Operator,
    Receipt,
    RefundRequest,
    RefundStatus,
    Room,
    Tenant,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize
from ..security.operators import actor_of
from .accounts import _account, _amount, _enough, _method, refund_in
from .journal import LedgerError


@dataclass(frozen=True)
class PendingRefund:
    """One request as the approval list shows it."""

    id: int
    account_id: int
    account: str
    tenant: str
    rooms: str
    amount_fen: int
    balance_fen: int
    method: str
    reason: str
    requested_by: str
    requested_at: datetime


def request_refund(
    db: Database,
    actor: Actor,
    account_id: int,
    amount: str | int | Decimal,
    method: str,
    reason: str,
    *,
    now: datetime | None = None,
) -> int:
    """File a refund for an administrator to decide; returns the request id. No money moves."""
    fen, pay, moment = _amount(amount), _method(method), now or utcnow()
    if not reason.strip():
        raise LedgerError(tr("a refund request needs a reason"))
    if actor.is_system:  # approval would make the refund in the requester's name and shift
        raise LedgerError(tr("a refund request is filed by an operator: log in (--operator)"))
    with db.write() as session:
        authorize(session, actor, Permission.REFUND_REQUEST)
        account = _account(session, account_id)
        _enough(account, fen, "refunded")
        row = RefundRequest(
            account_id=account.id,
            amount_fen=fen,
            method=pay,
            reason=reason.strip()[:200],
            status=RefundStatus.PENDING,
            requested_by=actor.operator_id,
            requested_at=moment,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "refund.request",
            f"account:{account.id}",
            after={"request": row.id, "amount_fen": fen, "method": pay.value},
            extra={"reason": row.reason},
            now=moment,
        )
        return row.id


def pending_refunds(db: Database) -> list[PendingRefund]:
    """Requests waiting for a decision, oldest first."""
    with db.read() as session:
        rows = session.execute(
            select(RefundRequest, Account, Tenant.name, Operator.display_name, Operator.login)
            .join(Account, Account.id == RefundRequest.account_id)
            .outerjoin(Tenant, Tenant.id == Account.tenant_id)
            .outerjoin(Operator, Operator.id == RefundRequest.requested_by)
            .where(RefundRequest.status == RefundStatus.PENDING)
            .order_by(RefundRequest.id)
        ).all()
        rooms: dict[int, list[str]] = {}
        ids = [account.id for _, account, *_ in rows]
        for account_id, number in session.execute(
            select(Room.account_id, Room.number).where(Room.account_id.in_(ids))
        ):
            rooms.setdefault(account_id, []).append(number)
        return [
            PendingRefund(
                r.id,
                account.id,
                account.number,
                tenant or "",
                ", ".join(sorted(rooms.get(account.id, []))),
                r.amount_fen,
                account.balance_fen,
                r.method.value,
                r.reason,
                name or login or "",
                r.requested_at,
            )
            for r, account, tenant, name, login in rows
        ]


def decide_refund(
    db: Database,
    approver: Actor,
    request_id: int,
    approve: bool,
    note: str = "",
    *,
    now: datetime | None = None,
) -> str | None:
    """Approve (the refund is made: returns its slip number) or reject (returns None).

    The approver needs ``money_out.approve`` and must not be the operator who asked.
    """
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, approver, Permission.MONEY_OUT_APPROVE)
        row = session.get(RefundRequest, request_id, with_for_update=True)
        if row is None:
            raise LedgerError(tr("no refund request {id}", id=request_id))
        if row.status is not RefundStatus.PENDING:
            raise LedgerError(
                tr(
                    "refund request {id} was already decided ({status})",
                    id=row.id,
                    status=tr(row.status.value),
                )
            )
        if row.requested_by is not None and row.requested_by == approver.operator_id:
            raise LedgerError(tr("The approver must be a different operator."))
        if not approve:
            row.decided_by, row.decided_at = approver.operator_id, moment
            row.status = RefundStatus.REJECTED
            audit.record(
                session,
                approver,
                "refund.reject",
                f"account:{row.account_id}",
                after={"request": row.id, "status": row.status.value},
                extra={"note": note.strip()[:200]} if note.strip() else None,
                now=moment,
            )
            return None
        # checked in full by refund_in (requester's permission, four-eyes, account, balance)
        # before it writes; the request is marked done in the same transaction
        requester = _requester(session, row, approver)
        number = refund_in(
            session,
            requester,
            row.account_id,
            row.amount_fen,
            row.method,
            row.reason,
            approver,
            moment,
            extra={"request": row.id},
        )
        txn_id = session.scalar(select(Receipt.txn_id).where(Receipt.number == number))
        row.decided_by, row.decided_at = approver.operator_id, moment
        row.status, row.txn_id = RefundStatus.DONE, txn_id
        return number


def _requester(session: Session, row: RefundRequest, approver: Actor) -> Actor:
    """The cashier who asked, acting again now (their shift pays), seen from this desk."""
    op = session.get(Operator, row.requested_by) if row.requested_by is not None else None
    if op is None or not op.active:
        raise LedgerError(
            tr("the operator who asked for refund request {id} is no longer active", id=row.id)
        )
    return actor_of(op, approver.workstation)
