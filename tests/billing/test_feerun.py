"""Fee amounts and periods, hand-computed (app.billing.feerun)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.billing.feerun import (
    BillingRunError,
    compute_fee,
    due_date,
    due_periods,
    parse_fee,
    period_key,
    period_span,
)
from app.db import Database
from app.models import (
    Account,
    AccountStatus,
    Floor,
    Meter,
    MeterRole,
    Reading,
    ReadingKind,
    Room,
)


def _two_room_account(db: Database) -> tuple[int, int, list[int]]:
    """An open account given two rooms of 33.33 m² and 12.50 m²; returns (account, building,
    room ids)."""
    with db.write() as s:
        rooms = s.scalars(
            select(Room)
            .join(Account, Account.id == Room.account_id)
            .where(Account.status == AccountStatus.OPEN)
            .order_by(Room.id)
        ).all()
        first, spare = rooms[0], rooms[1]
        spare.account_id = first.account_id
        first.area_m2, spare.area_m2 = Decimal("33.33"), Decimal("12.50")
        building = s.get(Floor, first.floor_id).building_id
        return first.account_id, building, [first.id, spare.id]


def test_per_m2_fee_is_rounded_half_up_on_the_account_total(park: Database) -> None:
    account, _, rooms = _two_room_account(park)
    # 45.83 m² x 2.35 yuan = 107.7005 yuan -> 10770 fen (per room it would be 78.33 + 29.38)
    fee = parse_fee({"amount_kind": "per_m2", "amount": "2.35", "scope": {"accounts": [account]}})
    with park.read() as s:
        result = compute_fee(s, fee, "2026-11")
    assert [(line.account_id, line.fen) for line in result.lines] == [(account, 10770)]
    assert result.lines[0].detail["area_m2"] == "45.83"
    assert result.lines[0].detail["rooms"] == rooms
    # half up: 45.83 x 1.5 = 68.745 -> 68.75
    fee = parse_fee({"amount_kind": "per_m2", "amount": "1.5", "scope": {"accounts": [account]}})
    with park.read() as s:
        assert compute_fee(s, fee, "2026-11").lines[0].fen == 6875


def test_fixed_fee_once_per_account_in_scope(park: Database) -> None:
    _, building, _ = _two_room_account(park)
    fee = parse_fee({"amount_kind": "fixed", "amount": "80", "scope": {"buildings": [building]}})
    with park.read() as s:
        result = compute_fee(s, fee, "2026-11")
        expected = set(
            s.scalars(
                select(Room.account_id)
                .join(Floor, Floor.id == Room.floor_id)
                .join(Account, Account.id == Room.account_id)
                .where(Floor.building_id == building, Account.status == AccountStatus.OPEN)
            )
        )
    assert {line.account_id for line in result.lines} == expected
    assert {line.fen for line in result.lines} == {8000}
    assert len(result.lines) == len(expected)  # two rooms, one charge


def test_quarterly_periods_and_due_dates() -> None:
    rent = parse_fee(
        {"amount_kind": "fixed", "amount": "3000", "period": "quarterly", "day": 5, "mode": "bill"}
    )
    assert period_key("quarterly", date(2026, 11, 30)) == "2026-Q4"
    span = period_span("2026-Q4")
    assert (span.start, span.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert due_date(rent, "2026-Q4") == date(2026, 10, 5)
    # effective from mid-May: Q2 was due on Apr 5, before it; Q3 and Q4 are due by Dec 6
    assert due_periods(rent, date(2026, 5, 15), None, date(2026, 12, 6)) == ["2026-Q3", "2026-Q4"]
    assert due_periods(rent, date(2026, 5, 15), date(2026, 9, 30), date(2026, 12, 6)) == ["2026-Q3"]
    per_kwh = parse_fee({"amount_kind": "per_kwh", "amount": "0.05"})
    assert due_date(per_kwh, "2026-11") == date(2026, 12, 1)  # the use must be known
    assert due_periods(per_kwh, date(2026, 10, 1), None, date(2026, 12, 1)) == [
        "2026-10",
        "2026-11",
    ]
    once = parse_fee({"amount_kind": "fixed", "amount": "50", "period": "once"})
    assert due_periods(once, date(2026, 11, 15), None, date(2026, 12, 6)) == ["2026-11-15"]
    assert due_periods(once, date(2026, 12, 15), None, date(2026, 12, 6)) == []
    assert period_span("2026").end == date(2026, 12, 31)


@pytest.mark.parametrize(
    "definition",
    [
        {"amount_kind": "per_room", "amount": "1"},
        {"amount_kind": "fixed", "amount": "-1"},
        {"amount_kind": "fixed", "amount": "abc"},
        {"amount_kind": "fixed", "amount": "1", "day": 31},
        {"amount_kind": "fixed", "amount": "1", "period": "weekly"},
        {"amount_kind": "fixed", "amount": "1", "mode": "pray"},
    ],
)
def test_bad_definitions_are_refused_in_words(definition: dict[str, object]) -> None:
    with pytest.raises(BillingRunError):
        parse_fee(definition)
    with pytest.raises(BillingRunError):
        period_span("2026-13")


def test_per_kwh_fee_from_the_use_and_refused_without_readings(park: Database) -> None:
    """An account's tenant meters read 1,000.00 on Nov 1 and 1,123.45 on Dec 1 (park time):
    123.45 kWh x 0.0850 = 10.49325 yuan -> 1049 fen. An account without readings is refused
    with the reason, never charged a silent zero."""
    zone = ZoneInfo("Asia/Shanghai")
    with park.write() as s:
        rows = s.execute(
            select(Room.account_id, Meter.id)
            .join(Meter, Meter.room_id == Room.id)
            .join(Account, Account.id == Room.account_id)
            .where(Account.status == AccountStatus.OPEN, Meter.role == MeterRole.TENANT)
            .order_by(Room.id)
        ).all()
        read, unread = rows[0][0], next(a for a, _ in rows if a != rows[0][0])
        meters = [m for a, m in rows if a == read]
        for meter_id in meters:
            s.get(Meter, meter_id).install_date = date(2026, 1, 1)
            for day, total in ((date(2026, 11, 1), "1000.00"), (date(2026, 12, 1), "1123.45")):
                s.add(
                    Reading(
                        meter_id=meter_id,
                        kind=ReadingKind.DAILY,
                        ts=datetime.combine(day, time(0), tzinfo=zone),
                        energy_total=Decimal(total),
                    )
                )
    fee = parse_fee(
        {"amount_kind": "per_kwh", "amount": "0.0850", "scope": {"accounts": [read, unread]}}
    )
    with park.read() as s:
        result = compute_fee(s, fee, "2026-11")
    kwh = Decimal("123.45") * len(meters)
    assert [(x.account_id, x.kwh, x.fen) for x in result.lines] == [
        (read, kwh, int((kwh * Decimal("8.5")).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    ]
    assert len(meters) > 1 or result.lines[0].fen == 1049
    assert set(result.refused) == {unread}
