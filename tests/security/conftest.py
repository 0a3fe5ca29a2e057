"""Fixtures of the security tests: an in-memory keyring, cheap argon2, real SQLite files.

The argon2 cost is lowered here, explicitly (``allow_weak=True``), and restored after each
test; production code has no way to do the same. Each test gets its own SQLite file, copied
from one migrated template (migrating per test would cost more than the tests), with a fresh
chain id so that no two tests share an audit key.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.db import Database, open_database
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


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def fresh_db(template: Path, path: Path) -> Database:
    shutil.copyfile(template, path)
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE audit_head SET chain_id = '{uuid.uuid4().hex}'")
    return db


@pytest.fixture
def db(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(template_db, tmp_path / "wattdesk.sqlite")
    try:
        yield database
    finally:
        database.dispose()


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
