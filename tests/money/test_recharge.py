"""Recharge exactly once: money, receipt, audit and meter command in one transaction."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.ledger.journal import LedgerError, reverse, verify
from app.ledger.recharge import IdempotencyConflict, RechargeRequest, receipt_data, recharge
from app.models import (
    Account,
    AccountStatus,
    AuditEntry,
    BillingMode,
    CommandStatus,
    LedgerEntry,
    LedgerTxn,
    MeterCommand,
    Payment,
    Receipt,
)
from app.security import PermissionDenied, audit

from .conftest import room_of


def key() -> str:
    return uuid.uuid4().hex


def money_rows(db: Database) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (LedgerTxn, LedgerEntry, Payment, Receipt, MeterCommand)
        )


def test_platform_recharge_credits_the_account(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    result = recharge(
        park, staff["cashier"], RechargeRequest("100.50", "cash", key(), room_id=room.id)
    )
    assert result.receipt_number == "R00000001"
    assert (result.balance_before_fen, result.balance_after_fen) == (0, 10050)
    assert result.command_id is None
    with park.read() as s:
        assert s.get(Account, result.account_id).balance_fen == 10050
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "recharge")).one()
        assert entry.target == f"account:{result.account_id}" and entry.actor == "cashier"
    assert verify(park).ok


def test_meter_side_recharge_queues_the_meter_command(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    first = recharge(park, staff["cashier"], RechargeRequest("50", "qr", key(), room_id=room.id))
    second = recharge(park, staff["cashier"], RechargeRequest("30", "card", key(), room_id=room.id))
    assert (first.expected_count, second.expected_count) == (1, 2)  # the second queues behind
    assert second.balance_before_fen == 5000 and second.balance_after_fen == 8000
    with park.read() as s:
        commands = s.scalars(select(MeterCommand).order_by(MeterCommand.id)).all()
        assert [c.status for c in commands] == [CommandStatus.PENDING] * 2
        assert commands[0].payload == {"amount_fen": 5000, "expected_count": 1}
        assert s.get(Account, first.account_id).balance_fen == 0  # the money sits on the meter
        data = receipt_data(s, first.receipt_number)
    assert "0.5600" in data.price_summary  # the dormitory tariff of the demo park
    assert (
        data.state == "pending"
        and data.amount_fen == 5000
        and data.meter.endswith(f"#{room_meter(park, room.id)}")
    )
    assert verify(park).ok


def room_meter(db: Database, room_id: int) -> str:
    from app.models import Meter

    with db.read() as s:
        return s.scalars(select(Meter.address).where(Meter.room_id == room_id)).one()


def test_same_key_returns_the_same_receipt(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    k = key()
    first = recharge(park, staff["cashier"], RechargeRequest("88", "cash", k, room_id=room.id))
    rows = money_rows(park)
    again = recharge(park, staff["cashier"], RechargeRequest("88.00", "cash", k, room_id=room.id))
    assert (
        again.replayed
        and again.receipt_number == first.receipt_number
        and again.command_id == first.command_id
    )
    assert money_rows(park) == rows
    with pytest.raises(IdempotencyConflict, match="already taken"):
        recharge(park, staff["cashier"], RechargeRequest("99", "cash", k, room_id=room.id))
    assert money_rows(park) == rows


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "negative"),
        ("0", "zero"),
        ("50001", "limit"),
        ("1.234", "decimal"),
        ("十块", "not an amount"),
        ("", "empty"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(
    park, staff, amount: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    rows = money_rows(park)
    with pytest.raises(LedgerError, match=message):
        recharge(park, staff["cashier"], RechargeRequest(amount, "cash", key(), room_id=room.id))
    assert money_rows(park) == rows


def test_bad_targets_are_refused(park, staff) -> None:  # type: ignore[no-untyped-def]
    cashier = staff["cashier"]
    rows = money_rows(park)
    with pytest.raises(LedgerError, match="no room"):
        recharge(park, cashier, RechargeRequest("10", "cash", key(), room_id=999_999))
    vacant = room_of(park, BillingMode.PLATFORM, let=False)
    with pytest.raises(LedgerError, match="no tenant account"):
        recharge(park, cashier, RechargeRequest("10", "cash", key(), room_id=vacant.id))
    with pytest.raises(LedgerError, match="payment method"):
        recharge(park, cashier, RechargeRequest("10", "bitcoin", key(), room_id=vacant.id))
    room = room_of(park, BillingMode.PLATFORM)
    with park.write() as s:
        s.get(Account, room.account_id).status = AccountStatus.CLOSED
    with pytest.raises(LedgerError, match="closed"):
        recharge(park, cashier, RechargeRequest("10", "cash", key(), room_id=room.id))
    assert money_rows(park) == rows


@pytest.mark.parametrize("role", ["auditor", "operator"])
def test_roles_without_cash_are_refused_by_the_service(park, staff, role: str) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    rows = money_rows(park)
    with pytest.raises(PermissionDenied):
        recharge(park, staff[role], RechargeRequest("10", "cash", key(), room_id=room.id))
    assert money_rows(park) == rows


def test_journal_is_append_only(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    recharge(park, staff["cashier"], RechargeRequest("10", "cash", key(), room_id=room.id))
    for statement in (
        "UPDATE ledger_entry SET amount_fen = 1",
        "DELETE FROM ledger_entry",
        "UPDATE ledger_txn SET kind = 'x'",
        "DELETE FROM receipt",
        "UPDATE payment SET amount_fen = 1",
    ):
        with pytest.raises(DBAPIError, match="append-only"), park.write() as s:
            s.execute(text(statement))
    assert verify(park).ok


def test_verify_finds_a_tampered_cached_balance(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    result = recharge(park, staff["cashier"], RechargeRequest("10", "cash", key(), room_id=room.id))
    with park.write() as s:
        s.get(Account, result.account_id).balance_fen += 1
    report = verify(park)
    assert not report.ok and "cached balance 1001" in report.breaches[0]


def test_reversal_mirrors_once(park, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    result = recharge(park, staff["cashier"], RechargeRequest("10", "cash", key(), room_id=room.id))
    with park.write() as s:  # a money transaction is audited in its unit of work
        mirror = reverse(s, result.txn_id, staff["admin"])
        after = {"txn": mirror.id}
        audit.record(s, staff["admin"], "ledger.reverse", f"txn:{result.txn_id}", after=after)
    with pytest.raises(LedgerError, match="already been reversed"), park.write() as s:
        reverse(s, result.txn_id, staff["admin"])
    with park.read() as s:
        assert s.get(Account, result.account_id).balance_fen == 0
    assert verify(park).ok


def test_eight_threads_recharge_one_account(park, staff) -> None:  # type: ignore[no-untyped-def]
    """1,000 recharges from 8 threads on SQLite: no lost update, every receipt once."""
    room = room_of(park, BillingMode.PLATFORM)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(125):
                recharge(
                    park,
                    staff["cashier"],
                    RechargeRequest(f"{n + 1}.{i % 100:02d}", "cash", key(), room_id=room.id),
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    expected = sum((n + 1) * 100 * 125 + sum(i % 100 for i in range(125)) for n in range(8))
    with park.read() as s:
        assert s.get(Account, room.account_id).balance_fen == expected
        assert s.scalar(select(func.count(Receipt.id))) == 1000
    report = verify(park)
    assert report.ok, report.breaches
    assert report.receipts == 1000


def test_purchase_count_stays_ahead_of_a_stale_reading(park, staff) -> None:  # type: ignore[no-untyped-def]
    """A confirmed recharge the meter state does not show yet still counts (issue 6 found it)."""
    from app.models import MeterState

    room = room_of(park, BillingMode.METER)
    first = recharge(park, staff["cashier"], RechargeRequest("10", "cash", key(), room_id=room.id))
    with park.write() as s:
        command = s.get(MeterCommand, first.command_id)
        command.status = (
            CommandStatus.CONFIRMED
        )  # applied; the next poll has not stored count 1 yet
        s.add(MeterState(meter_id=command.meter_id, purchase_count=0))
    second = recharge(park, staff["cashier"], RechargeRequest("10", "cash", key(), room_id=room.id))
    assert second.expected_count == 2
    with park.write() as s:
        s.get(MeterCommand, second.command_id).status = CommandStatus.FAILED  # never applied
        s.get(MeterState, command.meter_id).purchase_count = 1
    third = recharge(park, staff["cashier"], RechargeRequest("10", "cash", key(), room_id=room.id))
    assert third.expected_count == 2  # the failed claim does not count
