"""Fixtures of the payment tests: the money tests' demo park and staff, and the rooms a
tenant names in a payment's remark."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import Account, BillingMode, Building, Floor, Meter, MeterRole, Room
from tests.money.conftest import cheap_hashing, park, staff  # noqa: F401 (fixtures)


@dataclass(frozen=True)
class Tenant:
    room_id: int
    account_id: int
    account: str  # account number
    building: str
    room: str  # room number


def tenant_of(db: Database, billing: BillingMode, skip: int = 0) -> Tenant:
    """A let room with one meter of ``billing`` whose account rents only this room."""
    with db.read() as s:
        rows = s.execute(
            select(Room.id, Room.account_id, Account.number, Building.name, Room.number)
            .join(Account, Account.id == Room.account_id)
            .join(Floor, Floor.id == Room.floor_id)
            .join(Building, Building.id == Floor.building_id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Meter.billing_mode == billing, Meter.role == MeterRole.TENANT)
            .order_by(Room.id)
        ).all()
        single = [
            r
            for r in rows
            if s.scalar(select(Room.id).where(Room.account_id == r[1], Room.id != r[0])) is None
        ]
    r = single[skip]
    return Tenant(r[0], r[1], r[2], r[3], r[4])


@pytest.fixture
def office(park: Database) -> Tenant:  # noqa: F811
    """A platform-side tenant (the balance is the account's)."""
    return tenant_of(park, BillingMode.PLATFORM)


@pytest.fixture
def dorm(park: Database) -> Tenant:  # noqa: F811
    """A meter-side tenant (a recharge queues a meter command)."""
    return tenant_of(park, BillingMode.METER)
