"""Fixtures of the batch tests: the collector tests' simulated site and collector, and
real operators (two administrators for the approval rule, an operator, a cashier)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import keyring
import pytest
from sqlalchemy import select

from app.db import Database
from app.models import Batch, BatchItem, BatchStatus, ItemState, Operator, Role
from app.security import Actor, audit
from app.security.operators import actor_of, add_operator, create_first_admin
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.collector.conftest import collector_factory, sim, sim_clock  # noqa: F401
from tests.security.filekeyring import FileKeyring

PASSWORD = "Counter-2026!"


@pytest.fixture
def shared_keyring() -> Iterator[None]:
    """Collector processes read the audit key from the file keyring: so must we."""
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    yield


@dataclass
class Staff:
    admin: Actor
    admin2: Actor
    operator: Actor
    cashier: Actor


@pytest.fixture
def staff(db: Database) -> Iterator[Staff]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    try:
        first = create_first_admin(db, "admin", "管理员", PASSWORD)
        admin = _actor(db, first.login)
        add_operator(db, admin, "admin2", "管理员2", Role.ADMIN, PASSWORD)
        add_operator(db, admin, "operator", "operator", Role.OPERATOR, PASSWORD)
        add_operator(db, admin, "cashier", "cashier", Role.CASHIER, PASSWORD)
        yield Staff(admin, _actor(db, "admin2"), _actor(db, "operator"), _actor(db, "cashier"))
    finally:
        configure_hashing(DEFAULT_PARAMS)


def _actor(db: Database, login: str) -> Actor:
    with db.read() as s:
        op = s.scalars(select(Operator).where(Operator.login == login)).one()
        return actor_of(op, "desk-1")


def items(db: Database, batch_id: int) -> list[BatchItem]:
    with db.read() as s:
        return list(
            s.scalars(
                select(BatchItem).where(BatchItem.batch_id == batch_id).order_by(BatchItem.item_no)
            )
        )


def status(db: Database, batch_id: int) -> BatchStatus:
    with db.read() as s:
        batch = s.get(Batch, batch_id)
        assert batch is not None
        return batch.status


def all_done(db: Database, batch_id: int) -> bool:
    return status(db, batch_id) is BatchStatus.DONE and all(
        i.state is ItemState.DONE for i in items(db, batch_id)
    )
