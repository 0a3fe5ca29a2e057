"""Refunds, cancelled recharges, account life, meter replacement, allowance, shift close."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from sqlalchemy import event, select

from app.db import Database
from app.ledger.accounts import (
    cancel_recharge,
    close_account,
    open_account,
    refund,
    replace_meter,
    transfer,
    transfer_ownership,
)
from app.ledger.corrections import reprint
from app.ledger.journal import LedgerError, verify
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.shifts import close_shift, shift_report_pdf
from app.models import (
    Account,
    AccountStatus,
    AuditEntry,
    BillingMode,
    CommandStatus,
    Meter,
    MeterCommand,
    MeterState,
    Payment,
    Room,
    Shift,
)
from app.security import ApprovalRequired, PermissionDenied, approve_login

from .conftest import PASSWORD, room_of


def top_up(db: Database, actor, room: Room, amount: str = "200") -> object:  # type: ignore[no-untyped-def]
    return recharge(db, actor, RechargeRequest(amount, "cash", uuid.uuid4().hex, room_id=room.id))


def balance(db: Database, account_id: int) -> int:
    with db.read() as s:
        return s.get(Account, account_id).balance_fen


def test_refund_under_the_threshold_by_a_cashier(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room)
    slip = refund(park, staff["cashier"], room.account_id, "50", "cash", "moved out early")
    assert balance(park, room.account_id) == 15000 and slip == "R00000002"
    with park.read() as s:
        payment = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert payment.amount_fen == -5000
    assert verify(park).ok


def test_large_refund_needs_an_administrators_approval(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room, "2000")
    with pytest.raises(ApprovalRequired):
        refund(park, staff["cashier"], room.account_id, "1000", "cash")
    assert balance(park, room.account_id) == 200000
    approver = approve_login(park, staff["cashier"], "admin", PASSWORD)
    refund(park, staff["cashier"], room.account_id, "1000", "cash", approver=approver)
    assert balance(park, room.account_id) == 100000
    with park.read() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "refund")).one()
        assert '"approved_by":"admin"' in row.detail


def test_operator_may_not_refund(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room)
    with pytest.raises(PermissionDenied):
        refund(park, staff["operator"], room.account_id, "10", "cash")


def test_refund_more_than_the_balance_is_refused(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room, "20")
    with pytest.raises(LedgerError, match="cannot be refunded"):
        refund(park, staff["cashier"], room.account_id, "20.01", "cash")


def test_cancel_a_recharge_only_when_the_meter_proves_it_was_not_applied(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    result = top_up(park, staff["cashier"], room, "100")
    with pytest.raises(LedgerError, match="read the meter first"):  # no reading yet: no proof
        cancel_recharge(park, staff["admin"], result.receipt_number)
    with park.write() as s:
        s.add(
            MeterState(meter_id=_meter_id(park, room.id), purchase_count=1)
        )  # the meter applied it
    with pytest.raises(LedgerError, match="does not prove"):
        cancel_recharge(park, staff["admin"], result.receipt_number)
    with park.write() as s:
        s.get(MeterState, _meter_id(park, room.id)).purchase_count = 0  # it did not
    slip = cancel_recharge(park, staff["admin"], result.receipt_number)
    with park.read() as s:
        command = s.get(MeterCommand, result.command_id)
        assert command.status is CommandStatus.CANCELLED
    assert slip and verify(park).ok
    with pytest.raises(LedgerError):
        cancel_recharge(park, staff["admin"], result.receipt_number)


def _meter_id(db: Database, room_id: int) -> int:
    with db.read() as s:
        return s.scalars(select(Meter.id).where(Meter.room_id == room_id)).one()


def test_open_close_and_settle(park, staff) -> None:  # type: ignore[no-untyped-def]
    vacant = room_of(park, BillingMode.PLATFORM, let=False)
    account = open_account(park, staff["operator"], "新开户科技有限公司", "enterprise", [vacant.id])
    with pytest.raises(LedgerError, match="already let"):
        open_account(park, staff["operator"], "另一家", "enterprise", [vacant.id])
    top_up(park, staff["cashier"], vacant, "80")
    slip = close_account(park, staff["admin"], account.id)
    assert slip is not None
    with park.read() as s:
        closed = s.get(Account, account.id)
        assert closed.status is AccountStatus.CLOSED and closed.balance_fen == 0
        assert s.get(Room, vacant.id).account_id is None
    with pytest.raises(LedgerError, match="no tenant account"):
        top_up(park, staff["cashier"], vacant)
    with pytest.raises(LedgerError, match="closed"):
        recharge(
            park,
            staff["cashier"],
            RechargeRequest("10", "cash", uuid.uuid4().hex, account_id=account.id),
        )
    assert verify(park).ok


def test_close_refunds_money_left_on_meter_side_meters(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    result = top_up(park, staff["cashier"], room, "100")
    with park.write() as s:
        s.add(MeterState(meter_id=_meter_id(park, room.id), balance_fen=6000, purchase_count=1))
        s.get(MeterCommand, result.command_id).status = CommandStatus.CONFIRMED  # the collector
    close_account(park, staff["admin"], room.account_id)
    with park.read() as s:
        payment = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert payment.amount_fen == -6000
    assert verify(park).ok


def test_transfer_and_ownership(park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = []
    with park.read() as s:
        for r in s.scalars(select(Room).where(Room.account_id.is_not(None)).order_by(Room.id)):
            if all(r.account_id != x.account_id for x in rooms):
                rooms.append(r)
            if len(rooms) == 2:
                break
    a, b = rooms
    top_up(park, staff["cashier"], a, "300")
    transfer(park, staff["admin"], a.account_id, b.account_id, "100")
    assert balance(park, a.account_id) == 20000 and balance(park, b.account_id) == 10000
    new = transfer_ownership(
        park, staff["admin"], a.id, "接手贸易有限公司", "enterprise", carry_balance=True
    )
    assert balance(park, new.id) == 20000 and balance(park, a.account_id) == 0
    assert verify(park).ok


def test_ownership_transfer_checks_the_room_where_it_changes_it(park, staff) -> None:  # type: ignore[no-untyped-def]
    """Another desk closes the account just before this desk's transfer writes: the room is
    vacant by then, so the transfer is refused (it used to go ahead on what it had read
    in an earlier transaction)."""
    room = room_of(park, BillingMode.PLATFORM)
    closed = []

    @event.listens_for(park.engine, "before_cursor_execute")
    def other_desk_first(conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        # this desk's first write scope, before its first statement (BEGIN IMMEDIATE on SQLite)
        if conn.get_execution_options().get("wattdesk_write") and not closed:
            closed.append(room.account_id)
            close_account(park, staff["admin"], room.account_id)

    try:
        with pytest.raises(LedgerError, match="no tenant account"):
            transfer_ownership(park, staff["admin"], room.id, "后来公司", "enterprise")
    finally:
        event.remove(park.engine, "before_cursor_execute", other_desk_first)
    assert closed == [room.account_id]
    with park.read() as s:
        assert s.get(Room, room.id).account_id is None
        assert s.get(Account, room.account_id).status is AccountStatus.CLOSED


def test_meter_replacement_carries_the_balance(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    old_id = _meter_id(park, room.id)
    with park.write() as s:
        s.add(MeterState(meter_id=old_id, balance_fen=4321, purchase_count=3))
    new_id = replace_meter(park, staff["operator"], old_id, "209900000001")
    with park.read() as s:
        old, new = s.get(Meter, old_id), s.get(Meter, new_id)
        assert (
            old.removed_at is not None and old.replaced_by_id == new_id and new.room_id == room.id
        )
        command = s.scalars(select(MeterCommand).where(MeterCommand.meter_id == new_id)).one()
        assert command.payload == {"amount_fen": 4321, "expected_count": 1, "swap_from": old_id}
    assert verify(park).ok
    with pytest.raises(PermissionDenied):
        replace_meter(park, staff["cashier"], new_id, "209900000002")


def test_reprint_says_copy_and_is_audited(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    result = top_up(park, staff["cashier"], room)
    data = reprint(park, staff["cashier"], result.receipt_number)
    assert data.copy and data.amount_fen == 20000
    with park.read() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "receipt.reprint")).one()


def test_shift_close_totals_and_is_final(park, staff) -> None:  # type: ignore[no-untyped-def]
    cashier = staff["cashier"]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, cashier, room, "100")
    recharge(park, cashier, RechargeRequest("50", "qr", uuid.uuid4().hex, room_id=room.id))
    refund(park, cashier, room.account_id, "30", "cash")
    report = close_shift(park, cashier, "69.50")
    assert report.by_method["cash"] == 7000 and report.by_method["qr"] == 5000
    assert report.expected_cash_fen == 7000 and report.difference_fen == -50
    assert report.receipts == ["R00000001", "R00000002", "R00000003"] and report.ledger_ok
    with pytest.raises(LedgerError, match="no open shift"):
        close_shift(park, cashier, "0")
    # the next payment opens a new shift; the closed one keeps its frozen totals
    top_up(park, cashier, room, "10")
    with park.read() as s:
        shifts = s.scalars(select(Shift).order_by(Shift.id)).all()
        assert len(shifts) == 2 and shifts[0].totals["expected_cash_fen"] == 7000
    pdf = shift_report_pdf(report, "星河智造产业园")
    doc = pdfium.PdfDocument(pdf)
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert "R00000003" in text and "¥70.00" in text and "-¥0.50" in text


def test_auditor_cannot_close_a_shift(park, staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        close_shift(park, staff["auditor"], "0")


def test_amounts_stay_decimal(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room, Decimal("0.10"))  # type: ignore[arg-type]
    assert balance(park, room.account_id) == 10


def test_fee_items_and_adjustments(park, staff) -> None:  # type: ignore[no-untyped-def]
    from app.ledger.corrections import adjust, charge_fee

    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room, "100")
    assert (
        charge_fee(
            park,
            staff["admin"],
            room.account_id,
            "25",
            "物业费",
            key=f"fee:{room.account_id}:2026-11",
        )
        is not None
    )
    assert (
        charge_fee(
            park,
            staff["admin"],
            room.account_id,
            "25",
            "物业费",
            key=f"fee:{room.account_id}:2026-11",
        )
        is None
    )
    adjust(park, staff["admin"], room.account_id, 300, "meter misread in October")
    assert balance(park, room.account_id) == 10000 - 2500 + 300
    with pytest.raises(LedgerError, match="reason"):
        adjust(park, staff["admin"], room.account_id, 100, " ")
    with pytest.raises(PermissionDenied):
        adjust(park, staff["cashier"], room.account_id, -100, "x")
    assert verify(park).ok


def test_a_refund_slip_carries_the_park_header_like_a_receipt(park, staff) -> None:  # type: ignore[no-untyped-def]
    from app.ledger.recharge import receipt_data
    from app.models import Park

    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room)
    slip = refund(park, staff["cashier"], room.account_id, "10", "cash", "overpaid")
    with park.read() as s:
        data = receipt_data(s, slip)
        name = s.scalars(select(Park.name)).first()
    assert data.park == name and room.number in data.room and data.state == "refund"
    from app.receipts import receipt_lines

    labels = dict(receipt_lines(data))
    assert labels["Refund amount"] == "-¥10.00" and "Balance after refund" in labels
