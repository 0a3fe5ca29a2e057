"""The ledger chain on a real PostgreSQL server: the head lock under concurrent writers,
recharges from several threads, and tampering by the database owner.

Each test gets its own copy of the migrated template (``pg_db`` in tests/conftest.py) on the
server ``WATTDESK_TEST_PG_URL`` names; without one it is skipped, saying why (failed in CI).
"""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import select, text

from app.db import Database
from app.demo import build_demo
from app.ledger.journal import REVENUE, TENANT, Leg, post, verify
from app.ledger.recharge import RechargeRequest, recharge
from app.models import Account, LedgerHead, LedgerSeal
from app.security import system_actor


@pytest.fixture
def pg(pg_db: Database) -> Database:
    """A copy of the migrated template on the PostgreSQL server (tests/conftest.py)."""
    build_demo(pg_db, rooms=40, opening_balances=False)
    return pg_db


def _accounts(db: Database) -> list[int]:
    with db.read() as s:
        return list(s.scalars(select(Account.id).order_by(Account.id)))


def test_two_writers_committing_at_once_never_fork_the_chain(pg: Database) -> None:
    """Both units of work have posted before either commits: the head lock (FOR UPDATE)
    makes the second seal wait for the first, so the seals are 2 and 3, not two 2s."""
    accounts = _accounts(pg)  # two accounts: their row locks must not order the writers
    with pg.write() as s:  # the first seal makes the key (under the audit head lock)
        post(s, "charge", [Leg(TENANT, -1, accounts[2]), Leg(REVENUE, 1)], system_actor())
    both_posted = threading.Barrier(2, timeout=60)
    errors: list[BaseException] = []

    def writer(fen: int, account: int) -> None:
        try:
            with pg.write() as s:
                post(s, "charge", [Leg(TENANT, -fen, account), Leg(REVENUE, fen)], system_actor())
                both_posted.wait()  # the other unit of work is open too
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=writer, args=(fen, account))
        for fen, account in ((100, accounts[0]), (200, accounts[1]))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with pg.read() as s:
        assert list(s.scalars(select(LedgerSeal.seq).order_by(LedgerSeal.seq))) == [1, 2, 3]
        assert s.get_one(LedgerHead, 1).seq == 3
    report = verify(pg)
    assert report.ok and report.transactions == 3, report.breaches


def test_recharges_from_four_threads_chain_and_verify(pg: Database) -> None:
    accounts = _accounts(pg)[:4]
    actor = system_actor(name="desk")
    errors: list[BaseException] = []

    def desk(account: int) -> None:
        try:
            for i in range(10):
                request = RechargeRequest(
                    f"{i + 1}.50", "cash", uuid.uuid4().hex, account_id=account
                )
                recharge(pg, actor, request)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(a,)) for a in accounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    report = verify(pg)
    assert report.ok, report.breaches
    assert (report.transactions, report.receipts) == (40, 40)


def test_tampering_by_the_database_owner_is_named(pg: Database) -> None:
    account = _accounts(pg)[0]
    result = recharge(
        pg, system_actor(), RechargeRequest("88", "cash", uuid.uuid4().hex, account_id=account)
    )
    assert verify(pg).ok
    with pg.engine.begin() as conn:
        conn.execute(text("ALTER TABLE payment DISABLE TRIGGER USER"))
        conn.execute(
            text("UPDATE payment SET amount_fen = 800 WHERE txn_id = :t"), {"t": result.txn_id}
        )
        conn.execute(text("ALTER TABLE payment ENABLE TRIGGER USER"))
    report = verify(pg)
    assert report.first_bad == result.txn_id
    assert any("says amount_fen 8800" in b for b in report.breaches), report.breaches
