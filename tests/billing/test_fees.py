"""Fee item definitions (物业费, 房租...): amounts, scopes, periods, validation, role, audit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.billing.definitions import BillingError
from app.billing.fees import (
    add_fee,
    deactivate_fee,
    edit_fee,
    fees_in_force,
    list_fees,
    show_fee,
)
from app.db import Database
from app.models import Account, AuditEntry, BillingRun, Building, FeeItem, Floor, Role
from app.security import Actor, PermissionDenied

START = date(2026, 12, 1)


def first_ids(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        building = s.scalar(select(Building.id).order_by(Building.id))
        floor = s.scalar(select(Floor.id).order_by(Floor.id))
        account = s.scalar(select(Account.id).order_by(Account.id))
    assert building and floor and account
    return building, floor, account


def property_fee(building: int, **more: Any) -> dict[str, Any]:
    return {
        "amount_kind": "per_m2",
        "amount": "3.5",
        "scope": {"buildings": [building]},
        "period": "monthly",
        "day": 1,
        "mode": "deduct",
        **more,
    }


def test_property_fee_and_quarterly_rent(park: Database, staff: dict[Role, Actor]) -> None:
    admin = staff[Role.ADMIN]
    building, floor, account = first_ids(park)
    fee = add_fee(park, admin, "物业费", property_fee(building), START)
    assert fee.definition == {
        "amount_kind": "per_m2",
        "amount": "3.50",
        "scope": {"buildings": [building]},
        "period": "monthly",
        "day": 1,
        "mode": "deduct",
        "due_days": 15,
    }
    assert fee.source == f"fee:{fee.id}" and not fee.used
    rent = add_fee(
        park,
        admin,
        "房租",
        {
            "amount_kind": "fixed",
            "amount": "4500",
            "scope": {"accounts": [account]},
            "period": "quarterly",
            "day": 5,
            "mode": "bill",
            "due_days": 10,
        },
        START,
    )
    assert (rent.definition["amount"], rent.definition["due_days"]) == ("4500.00", 10)
    water = add_fee(
        park,
        admin,
        "服务费",
        property_fee(floor, amount_kind="per_kwh", amount="0.0125", scope={"floors": [floor]}),
        START,
        date(2026, 12, 31),
    )
    assert water.definition["amount"] == "0.0125"
    once = add_fee(
        park,
        admin,
        "垃圾费",
        property_fee(
            building, amount_kind="fixed", amount="80", scope={"park": True}, period="once"
        ),
        START,
    )
    assert once.definition["scope"] == {"park": True}
    assert [f.name for f in list_fees(park, staff[Role.CASHIER])] == sorted(
        ["物业费", "房租", "服务费", "垃圾费"]
    )
    assert show_fee(park, staff[Role.AUDITOR], "房租").id == rent.id
    assert {f.name for f in fees_in_force(park, admin, date(2027, 1, 1))} == {
        "物业费",
        "房租",
        "垃圾费",
    }
    with park.read() as s:
        assert s.scalar(select(FeeItem.created_by).where(FeeItem.id == fee.id)) == admin.operator_id
        targets = s.scalars(
            select(AuditEntry.target).where(AuditEntry.action == "fee.add").order_by(AuditEntry.id)
        ).all()
    assert targets == [f"fee:{i}" for i in (fee.id, rent.id, water.id, once.id)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-3"}, "amount"),
        ({"amount": "3.505"}, "amount"),  # per m²: two decimals
        ({"amount_kind": "per_kwh", "amount": "0.12345"}, "amount"),  # per kWh: four
        ({"amount": 3.5}, "amount"),  # a float is never money
        ({"amount": "three"}, "amount"),
        ({"amount_kind": "per_room"}, "amount_kind"),
        ({"scope": {"buildings": [99999]}}, "buildings"),
        ({"scope": {"floors": [99999]}}, "floors"),
        ({"scope": {"accounts": []}}, "accounts"),
        ({"scope": {"rooms": [1]}}, "scope"),
        ({"period": "weekly"}, "period"),
        ({"day": 0}, "day"),
        ({"day": 29}, "day"),
        ({"day": "1"}, "day"),
        ({"mode": "invoice"}, "mode"),
        ({"due_days": -1}, "due_days"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_fee_items_name_the_field(
    park: Database, staff: dict[Role, Actor], change: dict[str, Any], field: str
) -> None:
    building, _floor, _account = first_ids(park)
    with pytest.raises(BillingError, match=field):
        add_fee(park, staff[Role.ADMIN], "物业费", {**property_fee(building), **change}, START)
    assert list_fees(park, staff[Role.ADMIN]) == []


def test_missing_amount_and_dates(park: Database, staff: dict[Role, Actor]) -> None:
    admin = staff[Role.ADMIN]
    building, _floor, _account = first_ids(park)
    definition = property_fee(building)
    del definition["amount"]
    with pytest.raises(BillingError, match="amount is missing"):
        add_fee(park, admin, "物业费", definition, START)
    with pytest.raises(BillingError, match="effective_to"):
        add_fee(park, admin, "物业费", property_fee(building), START, date(2026, 1, 1))
    add_fee(park, admin, "物业费", property_fee(building), START)
    with pytest.raises(BillingError, match="物业费"):
        add_fee(park, admin, "物业费", property_fee(building), START)


def test_roles(park: Database, staff: dict[Role, Actor]) -> None:
    building, _floor, _account = first_ids(park)
    for role in (Role.OPERATOR, Role.CASHIER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            add_fee(park, staff[role], "物业费", property_fee(building), START)
    fee = add_fee(park, staff[Role.ADMIN], "物业费", property_fee(building), START)
    with pytest.raises(PermissionDenied):
        edit_fee(park, staff[Role.CASHIER], fee.id, definition=property_fee(building, amount="4"))


def test_a_used_fee_keeps_its_price(park: Database, staff: dict[Role, Actor]) -> None:
    admin = staff[Role.ADMIN]
    building, _floor, _account = first_ids(park)
    fee = add_fee(park, admin, "物业费", property_fee(building), START)
    assert (
        edit_fee(park, admin, fee.id, definition=property_fee(building, amount="4")).definition[
            "amount"
        ]
        == "4.00"
    )
    with park.write() as s:
        s.add(BillingRun(source=fee.source, period="2026-12"))
    with pytest.raises(BillingError, match="used by a billing run"):
        edit_fee(park, admin, fee.id, definition=property_fee(building, amount="5"))
    edit_fee(park, admin, fee.id, effective_to=date(2026, 12, 31))
    new = add_fee(park, admin, "物业费 2027", property_fee(building, amount="5"), date(2027, 1, 1))
    assert [f.id for f in fees_in_force(park, admin, date(2026, 12, 15))] == [fee.id]
    assert [f.id for f in fees_in_force(park, admin, date(2027, 1, 1))] == [new.id]
    assert deactivate_fee(park, admin, new.id).active is False
    assert deactivate_fee(park, admin, new.id).active is False  # twice: one audit row
    with park.read() as s:
        rows = s.scalars(
            select(AuditEntry.action).where(AuditEntry.target == f"fee:{new.id}")
        ).all()
    assert rows == ["fee.add", "fee.deactivate"]
