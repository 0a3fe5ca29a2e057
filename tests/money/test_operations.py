"""Every money operation is one transaction: checked first, written once, audited in it.

Each test here failed on the code before #13 item 2: 过户 took three transactions (a refusal
of the carried balance left the room on a new ¥0 account), close ignored the recharges still
queued for its meters, a cashier could move money between accounts, the meter swap took no
final reading, audit rows did not name their transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.db import Database
from app.ledger.accounts import close_account, refund, replace_meter, transfer, transfer_ownership
from app.ledger.journal import LedgerError, verify
from app.ledger.recharge import RechargeRequest, recharge
from app.models import (
    Account,
    AccountStatus,
    AuditEntry,
    BillingMode,
    CommandStatus,
    Meter,
    MeterBilling,
    MeterCharge,
    MeterCommand,
    MeterState,
    Payment,
    Reading,
    Room,
)
from app.security import ApprovalRequired, PermissionDenied, approve_login

from .conftest import PASSWORD, room_of
from .snapshot import assert_unchanged, snapshot


def top_up(db: Database, actor, room_id: int, amount: str):  # type: ignore[no-untyped-def]
    return recharge(db, actor, RechargeRequest(amount, "cash", uuid.uuid4().hex, room_id=room_id))


@contextmanager
def count_writes(db: Database) -> Iterator[list[str]]:
    """Every write scope (``Database.write()``) opened meanwhile, on any back end."""
    seen: list[str] = []
    original = db.write

    @contextmanager
    def counted() -> Iterator[object]:
        seen.append("write")
        with original() as session:
            yield session

    db.write = counted  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del db.write  # the class's method again


def second_admin(db: Database, admin):  # type: ignore[no-untyped-def]
    from app.models import Role
    from app.security import add_operator

    add_operator(db, admin, "boss", "老板", Role.ADMIN, PASSWORD)
    return approve_login(db, admin, "boss", PASSWORD)


def audit_rows(db: Database, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_ownership_transfer_above_the_limit_leaves_everything_as_it_was(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room.id, "1250")
    before = snapshot(park)
    with pytest.raises(ApprovalRequired):
        transfer_ownership(
            park, staff["admin"], room.id, "接手公司", "enterprise", carry_balance=True
        )
    assert_unchanged(park, before)  # the room is still on its account, no ¥0 account


def test_ownership_transfer_with_the_balance_is_one_audited_transaction(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room.id, "1250")
    boss = second_admin(park, staff["admin"])
    with count_writes(park) as writes:
        new = transfer_ownership(
            park,
            staff["admin"],
            room.id,
            "接手公司",
            "enterprise",
            carry_balance=True,
            approver=boss,
        )
    assert len(writes) == 1
    with park.read() as s:
        assert s.get(Room, room.id).account_id == new.id
        assert s.get(Account, new.id).balance_fen == 125000
        assert s.get(Account, room.account_id).balance_fen == 0
    [row] = audit_rows(park, "account.transfer_ownership")
    assert '"carried_fen":125000' in row.detail and '"txn":' in row.detail
    assert '"approved_by":"boss"' in audit_rows(park, "account.transfer")[0].detail
    assert verify(park).ok


def test_only_an_administrator_moves_money_between_accounts(park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = [room_of(park, BillingMode.PLATFORM)]
    with park.read() as s:
        other = s.scalars(
            select(Room).where(Room.account_id.is_not(None), Room.account_id != rooms[0].account_id)
        ).first()
    top_up(park, staff["cashier"], rooms[0].id, "300")
    before = snapshot(park)
    with pytest.raises(PermissionDenied, match="transfer money between accounts"):
        transfer(park, staff["cashier"], rooms[0].account_id, other.account_id, "100")
    assert_unchanged(park, before)
    txn = transfer(park, staff["admin"], rooms[0].account_id, other.account_id, "100")
    [row] = audit_rows(park, "account.transfer")
    assert f'"txn":{txn}' in row.detail


def _meter_side_with_pending(park, staff, amount: str = "100"):  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    result = top_up(park, staff["cashier"], room.id, amount)
    with park.read() as s:
        meter_id = s.scalars(select(Meter.id).where(Meter.room_id == room.id)).one()
    return room, result, meter_id


def test_close_is_refused_while_a_meter_side_recharge_is_pending(park, staff) -> None:  # type: ignore[no-untyped-def]
    room, result, _ = _meter_side_with_pending(park, staff)
    before = snapshot(park)
    with pytest.raises(LedgerError, match="still pending on the meter"):
        close_account(park, staff["admin"], room.account_id)
    assert_unchanged(park, before)
    with park.read() as s:
        assert s.get(MeterCommand, result.command_id).status is CommandStatus.PENDING


def test_close_cancels_and_refunds_the_pending_recharge_in_the_same_transaction(
    park, staff
) -> None:  # type: ignore[no-untyped-def]
    room, result, meter_id = _meter_side_with_pending(park, staff)
    with park.write() as s:  # the meter was read: count 0, so the purchase (count 1) never landed
        s.add(MeterState(meter_id=meter_id, purchase_count=0, balance_fen=2500))
    with count_writes(park) as writes:
        slips = close_account(park, staff["admin"], room.account_id, cancel_pending=True)
    assert len(writes) == 1 and slips is not None and len(slips.split(", ")) == 2
    with park.read() as s:
        assert s.get(MeterCommand, result.command_id).status is CommandStatus.CANCELLED
        account = s.get(Account, room.account_id)
        assert account.status is AccountStatus.CLOSED
        assert s.get(Room, room.id).account_id is None
        paid = sorted(
            p.amount_fen for p in s.scalars(select(Payment).where(Payment.amount_fen < 0))
        )
        assert paid == [-10000, -2500]  # the cancelled recharge and what the meter held
        active = s.scalars(
            select(MeterCommand).where(
                MeterCommand.meter_id == meter_id,
                MeterCommand.status.in_((CommandStatus.PENDING, CommandStatus.SENT)),
            )
        ).all()
        assert not active  # nothing left that could write to the vacant room's meter
    [row] = audit_rows(park, "account.close")
    assert result.receipt_number in row.detail and '"txn":' in row.detail
    assert verify(park).ok


@pytest.mark.parametrize(
    ("state", "status", "message"),
    [
        (None, CommandStatus.PENDING, "read the meter first"),
        (1, CommandStatus.PENDING, "does not prove"),
        (0, CommandStatus.SENT, "being written to the meter right now"),
    ],
)
def test_close_with_cancel_refuses_what_it_cannot_prove(
    park, staff, state, status, message
) -> None:  # type: ignore[no-untyped-def]
    room, result, meter_id = _meter_side_with_pending(park, staff)
    with park.write() as s:
        if state is not None:
            s.add(MeterState(meter_id=meter_id, purchase_count=state))
        s.get(MeterCommand, result.command_id).status = status
    before = snapshot(park)
    with pytest.raises(LedgerError, match=message):
        close_account(park, staff["admin"], room.account_id, cancel_pending=True)
    assert_unchanged(park, before)


def test_meter_swap_refused_while_a_recharge_is_pending_on_the_old_meter(park, staff) -> None:  # type: ignore[no-untyped-def]
    _room, _result, meter_id = _meter_side_with_pending(park, staff)
    before = snapshot(park)
    with pytest.raises(LedgerError, match="recharge still pending"):
        replace_meter(park, staff["operator"], meter_id, "209900000009", final_kwh="12.5")
    assert_unchanged(park, before)


def test_meter_swap_takes_the_final_reading_and_bills_a_platform_meter(park, staff) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from app.models import utcnow

    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room.id, "100")
    with park.read() as s:
        old_id = s.scalars(select(Meter.id).where(Meter.room_id == room.id)).first()
    last = utcnow()  # the demo's tariffs start when it was built
    with park.write() as s:
        s.add(MeterState(meter_id=old_id, energy_total=Decimal("1000.00")))
        s.add(
            MeterBilling(
                meter_id=old_id, last_ts=last, last_total=Decimal("1000.00"), updated_at=last
            )
        )
    before = snapshot(park)
    with pytest.raises(LedgerError, match="below the last reading"):
        replace_meter(park, staff["operator"], old_id, "NEW-1", final_kwh="999.99")
    with pytest.raises(LedgerError, match="final reading"):
        replace_meter(park, staff["operator"], old_id, "NEW-1", final_kwh="1e3")
    assert_unchanged(park, before)
    with count_writes(park) as writes:
        new_id = replace_meter(
            park,
            staff["operator"],
            old_id,
            "NEW-1",
            final_kwh="1010.00",
            now=last + timedelta(hours=1),
        )
    assert len(writes) == 1
    with park.read() as s:
        [charge] = s.scalars(select(MeterCharge).where(MeterCharge.meter_id == old_id)).all()
        assert charge.kwh == Decimal("10.00") and charge.fen > 0
        assert s.get(Account, room.account_id).balance_fen == 10000 - charge.fen
        [final] = s.scalars(select(Reading).where(Reading.meter_id == old_id)).all()
        assert final.energy_total == Decimal("1010.00")
        assert s.get(MeterBilling, new_id) is None  # the new meter starts its own baseline
    [row] = audit_rows(park, "meter.replace")
    assert '"final_kwh":"1010.00"' in row.detail and f'"billed_fen":{charge.fen}' in row.detail
    assert verify(park).ok


def test_meter_swap_carries_the_balance_read_from_the_display(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    with park.read() as s:
        old_id = s.scalars(select(Meter.id).where(Meter.room_id == room.id)).one()
    with park.write() as s:
        s.add(MeterState(meter_id=old_id, balance_fen=4321, purchase_count=3))
    with pytest.raises(LedgerError, match="more than the meter held"):
        replace_meter(park, staff["operator"], old_id, "209900000001", final_balance="43.22")
    new_id = replace_meter(
        park, staff["operator"], old_id, "209900000001", final_balance="40.00", final_kwh="77"
    )
    with park.read() as s:
        command = s.scalars(select(MeterCommand).where(MeterCommand.meter_id == new_id)).one()
        assert command.payload["amount_fen"] == 4000 and command.payload["expected_count"] == 1
        assert command.expires_at is None  # the money must arrive, however long it takes
    [row] = audit_rows(park, "meter.replace")
    assert f'"command_id":{command.id}' in row.detail and '"txn":' in row.detail
    assert verify(park).ok


def test_refund_audit_rows_name_their_transaction(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room.id, "100")
    slip = refund(park, staff["cashier"], room.account_id, "10", "cash", "overpaid")
    with park.read() as s:
        txn = s.scalar(select(Payment.txn_id).where(Payment.amount_fen == -1000))
    [row] = audit_rows(park, "refund")
    assert f'"txn":{txn}' in row.detail and slip in row.detail


def test_a_refund_request_is_filed_by_an_operator_not_the_system(park, staff) -> None:  # type: ignore[no-untyped-def]
    from app.ledger.refunds import request_refund
    from app.security import system_actor

    room = room_of(park, BillingMode.PLATFORM)
    top_up(park, staff["cashier"], room.id, "900")
    with pytest.raises(LedgerError, match="log in"):
        request_refund(park, system_actor(), room.account_id, "600", "cash", "moving out")
