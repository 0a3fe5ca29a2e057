"""Fixtures of the money tests: a small demo park, operators of every role, cheap hashing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app.db import Database
from app.demo import build_demo
from app.models import BillingMode, Meter, MeterRole, Role, Room
from app.security import Actor, add_operator, create_first_admin
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

PASSWORD = "Counter-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(demo_park_template: int, db: Database) -> Database:
    """200 rooms: 72 office rooms (platform-side) and a dormitory (meter-side DL/T 645).
    ``demo_park_template``: ``db`` starts as a copy of the park built once per session
    (tests/conftest.py), and ``build_demo`` finds it there."""
    assert not build_demo(db, rooms=demo_park_template, opening_balances=False).created
    return db


@pytest.fixture
def staff(park: Database) -> dict[str, Actor]:
    admin = create_first_admin(park, "admin", "管理员", PASSWORD)
    people = {"admin": admin}
    for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
        add_operator(park, admin, role.value, f"{role.value}", role, PASSWORD)
    from app.security import login

    for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
        people[role.value] = login(park, role.value, PASSWORD)
    return people


def room_of(db: Database, billing: BillingMode, let: bool = True) -> Room:
    with db.read() as s:
        query = (
            select(Room)
            .join(Meter, Meter.room_id == Room.id)
            .where(Meter.billing_mode == billing, Meter.role == MeterRole.TENANT)
            .where(Room.account_id.is_not(None) if let else Room.account_id.is_(None))
            .order_by(Room.id)
        )
        return s.scalars(query).first()
