"""Fixtures of the billing tests: a small demo park (offices, a dormitory, shops; each
building with its master and common meters), operators of every role, cheap hashing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from app.db import Database
from app.demo import build_demo
from app.models import ApportionScheme, FeeItem, Role
from app.security import Actor, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

PASSWORD = "Counter-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(demo_park_template: int, db: Database) -> Database:
    """The demo park without its own schemes and fee items (tests of definitions start
    from none; tests/billing/test_demo_definitions.py checks the demo's). The park comes
    from the session's copy (``demo_park_template``, tests/conftest.py)."""
    assert not build_demo(db, rooms=demo_park_template, opening_balances=False).created
    with db.write() as s:
        s.execute(delete(ApportionScheme))
        s.execute(delete(FeeItem))
    return db


@pytest.fixture
def staff(park: Database) -> dict[Role, Actor]:
    people = {Role.ADMIN: create_first_admin(park, "admin", "管理员", PASSWORD)}
    for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
        add_operator(park, people[Role.ADMIN], role.value, role.value, role, PASSWORD)
        people[role] = login(park, role.value, PASSWORD)
    return people
