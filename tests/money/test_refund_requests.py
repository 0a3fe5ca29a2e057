"""Refund requests: a cashier asks, an administrator decides later at another desk."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.db import Database
from app.ledger.journal import LedgerError, verify
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.refunds import decide_refund, pending_refunds, request_refund
from app.models import Account, AuditEntry, BillingMode, Payment, RefundRequest, RefundStatus, Shift
from app.security import PermissionDenied

from .conftest import room_of


def _funded(db: Database, cashier, amount: str = "900") -> int:  # type: ignore[no-untyped-def]
    room = room_of(db, BillingMode.PLATFORM)
    recharge(db, cashier, RechargeRequest(amount, "cash", uuid.uuid4().hex, room_id=room.id))
    return room.account_id


def _balance(db: Database, account_id: int) -> int:
    with db.read() as s:
        return s.get(Account, account_id).balance_fen


def test_a_request_moves_no_money_until_an_administrator_approves(park, staff) -> None:  # type: ignore[no-untyped-def]
    account = _funded(park, staff["cashier"])
    request = request_refund(park, staff["cashier"], account, "600", "transfer", "moving out")
    assert _balance(park, account) == 90000  # nothing moved yet
    [pending] = pending_refunds(park)
    assert (pending.id, pending.amount_fen, pending.requested_by) == (request, 60000, "cashier")
    assert pending.rooms and pending.balance_fen == 90000
    with pytest.raises(PermissionDenied):  # an operator may not approve money out
        decide_refund(park, staff["operator"], request, True)
    slip = decide_refund(park, staff["admin"], request, True)
    assert slip is not None and _balance(park, account) == 30000
    assert pending_refunds(park) == []
    with park.read() as s:
        row = s.get(RefundRequest, request)
        assert row.status is RefundStatus.DONE and row.txn_id is not None
        payment = s.scalars(select(Payment).where(Payment.txn_id == row.txn_id)).one()
        shift = s.get(Shift, payment.shift_id)
        assert payment.amount_fen == -60000 and shift.operator_id == staff["cashier"].operator_id
        audit = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "refund").order_by(AuditEntry.id.desc())
        ).first()
        assert audit.actor == "cashier" and '"approved_by":"admin"' in audit.detail
    with pytest.raises(LedgerError, match="already decided"):  # never paid twice
        decide_refund(park, staff["admin"], request, True)
    assert verify(park).ok


def test_rejected_and_refused_requests_change_nothing(park, staff) -> None:  # type: ignore[no-untyped-def]
    account = _funded(park, staff["cashier"])
    with pytest.raises(LedgerError, match="reason"):
        request_refund(park, staff["cashier"], account, "600", "cash", "  ")
    with pytest.raises(LedgerError, match="cannot be refunded"):
        request_refund(park, staff["cashier"], account, "901", "cash", "too much")
    with pytest.raises(PermissionDenied):
        request_refund(park, staff["auditor"], account, "10", "cash", "auditors only read")
    request = request_refund(park, staff["cashier"], account, "700", "cash", "dispute")
    assert decide_refund(park, staff["admin"], request, False, "meter reading disputed") is None
    assert _balance(park, account) == 90000 and pending_refunds(park) == []
    with park.read() as s:
        assert s.get(RefundRequest, request).status is RefundStatus.REJECTED
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "refund.reject")).one()


def test_the_balance_is_checked_again_at_approval(park, staff) -> None:  # type: ignore[no-untyped-def]
    """The tenant kept using energy (or was refunded at the desk) after the request."""
    from app.ledger.accounts import refund

    account = _funded(park, staff["cashier"])
    request = request_refund(park, staff["cashier"], account, "800", "cash", "moving out")
    refund(park, staff["cashier"], account, "400", "cash", "half at the desk")
    with pytest.raises(LedgerError, match="cannot be refunded"):
        decide_refund(park, staff["admin"], request, True)
    with park.read() as s:  # the refusal rolled back: still pending, still decidable
        assert s.get(RefundRequest, request).status is RefundStatus.PENDING
    assert _balance(park, account) == 50000


def test_an_administrator_cannot_approve_their_own_request(park, staff) -> None:  # type: ignore[no-untyped-def]
    account = _funded(park, staff["cashier"])
    request = request_refund(park, staff["admin"], account, "600", "cash", "own request")
    with pytest.raises(LedgerError, match="different operator"):
        decide_refund(park, staff["admin"], request, True)
