"""The runs' batched posting (``journal.post_many`` / ``reverse_many``, issue 16 item 7):
the same transactions, entries, cached balances, seals and refusals as ``post`` and
``reverse`` one by one, on both back ends; ``ledger verify`` holds."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.ledger.journal import (
    FEES,
    TENANT,
    LedgerError,
    Leg,
    Posting,
    post_many,
    reverse_many,
    verify,
)
from app.models import Account, LedgerEntry, LedgerTxn, Role
from app.security import Actor, audit


def accounts(db: Database, count: int) -> list[int]:
    with db.read() as s:
        return list(s.scalars(select(Account.id).order_by(Account.id).limit(count)))


def balances(db: Database, ids: list[int]) -> dict[int, int]:
    with db.read() as s:
        rows = s.execute(select(Account.id, Account.balance_fen).where(Account.id.in_(ids)))
        return {int(i): int(b) for i, b in rows}


def batch(db: Database, actor: Actor, postings: list[Posting]) -> list[int]:
    with db.write() as s:
        ids = post_many(s, "fee", postings, actor)
        audit.record(s, actor, "test.batch", "batch", after={"txn": ids})
    return ids


def test_post_many_writes_what_post_would(park: Database, staff: dict[Role, Actor]) -> None:
    actor = staff[Role.ADMIN]
    a, b, c = accounts(park, 3)
    before = balances(park, [a, b, c])
    postings = [  # ``a`` twice: both legs count, in one locked update
        Posting([Leg(TENANT, -100, a), Leg(FEES, 100)], "k:a:1", "one"),
        Posting([Leg(TENANT, -250, b), Leg(FEES, 250)], "k:b", "two"),
        Posting([Leg(TENANT, -7, a), Leg(FEES, 7)], "k:a:2", "three"),
    ]
    ids = batch(park, actor, postings)
    assert len(ids) == 3 and ids == sorted(ids)
    after = balances(park, [a, b, c])
    assert after == {a: before[a] - 107, b: before[b] - 250, c: before[c]}
    with park.read() as s:
        rows = s.execute(
            select(LedgerTxn.id, LedgerTxn.kind, LedgerTxn.idempotency_key, LedgerTxn.memo)
            .where(LedgerTxn.id.in_(ids))
            .order_by(LedgerTxn.id)
        ).all()
        entries = s.execute(
            select(
                LedgerEntry.txn_id, LedgerEntry.book, LedgerEntry.account_id, LedgerEntry.amount_fen
            )
            .where(LedgerEntry.txn_id.in_(ids))
            .order_by(LedgerEntry.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (ids[0], "fee", "k:a:1", "one"),
        (ids[1], "fee", "k:b", "two"),
        (ids[2], "fee", "k:a:2", "three"),
    ]
    assert [tuple(e) for e in entries] == [
        (ids[0], TENANT, a, -100),
        (ids[0], FEES, None, 100),
        (ids[1], TENANT, b, -250),
        (ids[1], FEES, None, 250),
        (ids[2], TENANT, a, -7),
        (ids[2], FEES, None, 7),
    ]
    report = verify(park)  # sealed at commit, every cache right, every txn named
    assert report.ok, report.breaches[:3]


def test_post_many_refuses_the_whole_batch(park: Database, staff: dict[Role, Actor]) -> None:
    actor = staff[Role.ADMIN]
    (a,) = accounts(park, 1)
    with park.read() as s:
        count = s.scalar(select(func.count(LedgerTxn.id)))
    for bad in (
        [Leg(TENANT, -100, a), Leg(FEES, 99)],  # does not balance
        [Leg(TENANT, -100, 10**9), Leg(FEES, 100)],  # no such account
    ):
        with pytest.raises(LedgerError):
            batch(park, actor, [Posting([Leg(TENANT, -1, a), Leg(FEES, 1)], "ok"), Posting(bad)])
    with park.read() as s:
        assert s.scalar(select(func.count(LedgerTxn.id))) == count


def test_reverse_many_mirrors_once(park: Database, staff: dict[Role, Actor]) -> None:
    actor = staff[Role.ADMIN]
    a, b = accounts(park, 2)
    before = balances(park, [a, b])
    ids = batch(
        park,
        actor,
        [
            Posting([Leg(TENANT, -300, a), Leg(FEES, 300)], "r:a"),
            Posting([Leg(TENANT, -40, b), Leg(FEES, 40)], "r:b"),
        ],
    )
    with park.write() as s:
        mirrors = reverse_many(s, ids, actor, "wrong month")
        audit.record(s, actor, "test.reverse", "batch", after={"txn": mirrors})
    assert balances(park, [a, b]) == before
    with park.read() as s:
        rows = s.execute(
            select(LedgerTxn.kind, LedgerTxn.reverses_id, LedgerTxn.memo)
            .where(LedgerTxn.id.in_(mirrors))
            .order_by(LedgerTxn.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("reversal", ids[0], "wrong month"),
        ("reversal", ids[1], "wrong month"),
    ]
    for again, words in (
        ([ids[1]], "already been reversed"),
        ([mirrors[0]], "cannot itself be reversed"),
        ([10**9], "no ledger transaction"),
    ):
        with pytest.raises(LedgerError, match=words), park.write() as s:
            reverse_many(s, again, actor, "again")
    report = verify(park)
    assert report.ok, report.breaches[:3]
