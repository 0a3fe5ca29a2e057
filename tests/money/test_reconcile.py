"""Daily reconciliation of meter-side meters against the ledger: alarms, never money."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.collector.reconcile import KIND, find_mismatches, reconcile
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, recharge
from app.models import BillingMode, CommandStatus, Event, LedgerEntry, MeterCommand, MeterState

from .conftest import room_of

NOON = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def _setup(park, staff, meter_count: int, purchased: int):  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.METER)
    result = recharge(
        park, staff["cashier"], RechargeRequest("50", "cash", uuid.uuid4().hex, room_id=room.id)
    )
    with park.write() as s:
        command = s.get(MeterCommand, result.command_id)
        command.status = CommandStatus.CONFIRMED
        s.add(
            MeterState(
                meter_id=command.meter_id, purchase_count=meter_count, purchased_fen=purchased
            )
        )
        return command.meter_id


def test_agreeing_meter_raises_nothing(park, staff) -> None:  # type: ignore[no-untyped-def]
    _setup(park, staff, meter_count=1, purchased=5000)
    assert find_mismatches(park) == []


def test_meter_behind_the_ledger_raises_one_alarm_a_day_and_leaves_money_alone(park, staff) -> None:  # type: ignore[no-untyped-def]
    meter_id = _setup(park, staff, meter_count=0, purchased=0)  # reset: lost the purchase
    with park.read() as s:
        entries = s.scalar(select(func.count(LedgerEntry.id)))
    found = reconcile(park, now=NOON)
    assert [m.meter_id for m in found] == [meter_id] and "fewer purchases" in found[0].reason
    reconcile(park, now=NOON + timedelta(hours=2))  # same day: no second alarm
    reconcile(park, now=NOON + timedelta(days=1))  # next day: again
    with park.read() as s:
        events = s.scalars(select(Event).where(Event.kind == KIND)).all()
        assert len(events) == 2 and all(e.level == 2 and e.meter_id == meter_id for e in events)
        assert s.scalar(select(func.count(LedgerEntry.id))) == entries  # money untouched
    assert verify(park).ok


def test_purchases_made_elsewhere_are_reported(park, staff) -> None:  # type: ignore[no-untyped-def]
    _setup(park, staff, meter_count=3, purchased=9000)
    (found,) = find_mismatches(park)
    assert "did not make" in found.reason and (found.meter_count, found.ledger_count) == (3, 1)


def test_cumulative_purchase_below_the_ledger(park, staff) -> None:  # type: ignore[no-untyped-def]
    _setup(park, staff, meter_count=1, purchased=4000)
    (found,) = find_mismatches(park)
    assert "cumulative" in found.reason and found.ledger_purchased_fen == 5000
