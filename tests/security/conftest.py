"""Fixtures of the security tests: an in-memory keyring, cheap argon2, operators.

The argon2 cost is lowered here, explicitly (``allow_weak=True``), and restored after each
test; production code has no way to do the same. The database (``db``: SQLite and
PostgreSQL, a copy of one migrated template with a fresh audit chain id) comes from
tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from app.db import Database
from app.models import Role
from app.security import Actor, add_operator, create_first_admin
from app.security import audit as audit_mod
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

from .memkeyring import MemoryKeyring

FAST = HashParams(memory_kib=1024, time_cost=1, parallelism=1)
PASSWORD = "s3cret-pass"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    audit_mod.forget_cached_keys()
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        audit_mod.forget_cached_keys()


@pytest.fixture(autouse=True)
def fast_hashing() -> Iterator[None]:
    configure_hashing(FAST, allow_weak=True)
    try:
        yield
    finally:
        configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def admin(db: Database) -> Actor:
    return create_first_admin(db, "admin", "管理员", PASSWORD, "desk-1")


@pytest.fixture
def staff(db: Database, admin: Actor) -> dict[Role, Actor]:
    """One logged-in actor per role (admin included)."""
    from app.security import login

    actors = {Role.ADMIN: admin}
    for role in (Role.OPERATOR, Role.CASHIER, Role.AUDITOR):
        add_operator(db, admin, role.value, role.value.title(), role, PASSWORD)
        actors[role] = login(db, role.value, PASSWORD, "desk-1")
    return actors
