"""Posting to the journal, and proving it is sound (``ledger verify``).

Every transaction is a set of legs whose amounts sum to zero. Amounts are signed from the
tenant's side: a leg on the ``tenant`` book credits (positive) or debits (negative) an
account; house books (cash, revenue, ...) take the opposite sign. So an account's balance
is the sum of its ``tenant`` legs, and money written to a meter-side meter sits on the
``meter`` book of that account and meter until the meter spends it.

The account's ``balance_fen`` column, and ``meter_book`` for the ``meter`` book of each
account and meter, are caches updated in the same transaction as the legs; ``verify()``
recomputes them from the entries and reports any difference. Every transaction is sealed
in the ledger chain when its unit of work commits (``chain``), and ``verify()`` walks that
chain too (``checks``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import Account, LedgerEntry, LedgerTxn, MeterBook, utcnow
from ..security import Actor

TENANT = "tenant"
METER = "meter"
REVENUE = "revenue"
FEES = "fees"
ALLOWANCE = "allowance"  # only in ledgers of early builds (allowance is kWh now)
ADJUSTMENT = "adjustment"
OPENING = "opening"
METHOD_BOOKS = ("cash", "card", "transfer", "qr")
BOOKS = frozenset({TENANT, METER, REVENUE, FEES, ALLOWANCE, ADJUSTMENT, OPENING, *METHOD_BOOKS})
KINDS = frozenset(
    {
        "recharge",
        "refund",
        "charge",
        "fee",
        "allowance",
        "adjustment",
        "reversal",
        "transfer",
        "opening",
        "close",
        "apportion",  # a share of common use and line loss (issue 16)
        "bill",  # a 催缴账单 collected at the counter (issue 16)
    }
)


ENTRY_TABLE: Table = LedgerEntry.__table__  # type: ignore[assignment]
TXN_TABLE: Table = LedgerTxn.__table__  # type: ignore[assignment]


class LedgerError(ValueError):
    """A money operation that was refused; ``str()`` is for the user."""


@dataclass(frozen=True)
class Leg:
    book: str
    amount_fen: int
    account_id: int | None = None
    meter_id: int | None = None


def post(
    session: Session,
    kind: str,
    legs: list[Leg],
    actor: Actor,
    *,
    idempotency_key: str | None = None,
    reverses_id: int | None = None,
    memo: str = "",
    now: datetime | None = None,
) -> LedgerTxn:
    """Write one balanced transaction and update the cached balances it touches."""
    _check(kind, legs)
    txn = LedgerTxn(
        created_at=now or utcnow(),
        kind=kind,
        idempotency_key=idempotency_key,
        operator_id=actor.operator_id,
        reverses_id=reverses_id,
        memo=memo[:200],
    )
    session.add(txn)
    session.flush()
    deltas: dict[int, int] = defaultdict(int)
    meter_deltas: dict[tuple[int, int], int] = defaultdict(int)
    for leg in legs:
        session.add(
            LedgerEntry(
                txn_id=txn.id,
                book=leg.book,
                account_id=leg.account_id,
                meter_id=leg.meter_id,
                amount_fen=leg.amount_fen,
            )
        )
        if leg.book == TENANT and leg.account_id is not None:
            deltas[leg.account_id] += leg.amount_fen
        elif leg.book == METER and leg.account_id is not None and leg.meter_id is not None:
            meter_deltas[(leg.account_id, leg.meter_id)] += leg.amount_fen
            deltas.setdefault(leg.account_id, 0)  # lock the account: the book row is its
    for account_id, delta in deltas.items():
        # populate_existing: an account read earlier in this transaction without the lock
        # (the collector's biller) must not add the delta to a stale balance (lost update)
        account = session.get(Account, account_id, with_for_update=True, populate_existing=True)
        if account is None:
            raise LedgerError(tr("no account with id {id}", id=account_id))
        account.balance_fen += delta
    for (account_id, meter_id), delta in meter_deltas.items():
        book = session.get(MeterBook, (account_id, meter_id), with_for_update=True)
        if book is None:
            session.add(MeterBook(account_id=account_id, meter_id=meter_id, balance_fen=delta))
        else:
            book.balance_fen += delta
    session.flush()
    return txn


@dataclass(frozen=True)
class Posting:
    """One transaction of a ``post_many`` batch."""

    legs: list[Leg]
    idempotency_key: str | None = None
    memo: str = ""
    reverses_id: int | None = None


def post_many(
    session: Session,
    kind: str,
    postings: list[Posting],
    actor: Actor,
    *,
    now: datetime | None = None,
) -> list[int]:
    """Write many balanced transactions of one kind at once (a billing run's 10,000 lines:
    issue 16 item 7) and return their ids in order. The same rows, seals and balances as
    ``post`` called once per posting: the transactions and then the entries go in one
    executemany each, with their ids given (the chain's ``do_orm_execute`` hook notes them
    and seals them at commit, like any other), and every touched account is locked first
    (``FOR UPDATE``, ``populate_existing``, in id order) and its cached balance moved once
    by the sum of its legs."""
    if not postings:
        return []
    for posting in postings:
        _check(kind, posting.legs)
    moment = now or utcnow()
    ids = _new_ids(session, len(postings))
    # Core executemany with the ids given (the chain's do_orm_execute hook takes them for
    # sealing): an ORM flush would ask for every id back through one INSERT ... RETURNING
    # per thousand rows, and psycopg parses each of those long statements in Python
    session.execute(
        insert(TXN_TABLE),
        [
            {
                "id": txn_id,
                "created_at": moment,
                "kind": kind,
                "idempotency_key": p.idempotency_key,
                "operator_id": actor.operator_id,
                "reverses_id": p.reverses_id,
                "memo": p.memo[:200],
            }
            for txn_id, p in zip(ids, postings, strict=True)
        ],
    )
    deltas: dict[int, int] = defaultdict(int)
    meter_deltas: dict[tuple[int, int], int] = defaultdict(int)
    rows: list[dict[str, object]] = []
    for txn_id, posting in zip(ids, postings, strict=True):
        for leg in posting.legs:
            rows.append(
                {
                    "txn_id": txn_id,
                    "book": leg.book,
                    "account_id": leg.account_id,
                    "meter_id": leg.meter_id,
                    "amount_fen": leg.amount_fen,
                }
            )
            if leg.book == TENANT and leg.account_id is not None:
                deltas[leg.account_id] += leg.amount_fen
            elif leg.book == METER and leg.account_id is not None and leg.meter_id is not None:
                meter_deltas[(leg.account_id, leg.meter_id)] += leg.amount_fen
                deltas.setdefault(leg.account_id, 0)
    _move_balances(session, deltas, meter_deltas)  # first: a missing account in words
    # the Core table: an executemany, without the ORM's per-row bulk bookkeeping; the
    # chain's do_orm_execute hook sees it all the same (session.execute)
    session.execute(insert(ENTRY_TABLE), rows)
    session.flush()
    return ids


def _new_ids(session: Session, count: int) -> list[int]:
    """Ids for ``count`` new transactions, taken as the database would take them: from the
    sequence on PostgreSQL; above the highest on SQLite (whose write lock this unit of work
    holds, and whose ``ledger_txn`` has no AUTOINCREMENT: the same rule as its rowid)."""
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence('ledger_txn', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": count},
        )
        return sorted(int(i) for i in ids)
    top = int(session.scalar(select(func.max(LedgerTxn.id))) or 0)
    return list(range(top + 1, top + 1 + count))


def _move_balances(
    session: Session, deltas: dict[int, int], meter_deltas: dict[tuple[int, int], int]
) -> None:
    """Lock the accounts in id order (as ``post`` would one by one) and move their caches."""
    ids = sorted(deltas)
    found: dict[int, Account] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        query = (
            select(Account)
            .where(Account.id.in_(chunk))
            .order_by(Account.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        found.update((a.id, a) for a in session.scalars(query))
    for account_id in ids:
        account = found.get(account_id)
        if account is None:
            raise LedgerError(tr("no account with id {id}", id=account_id))
        account.balance_fen += deltas[account_id]
    for (account_id, meter_id), delta in meter_deltas.items():
        book = session.get(MeterBook, (account_id, meter_id), with_for_update=True)
        if book is None:
            session.add(MeterBook(account_id=account_id, meter_id=meter_id, balance_fen=delta))
        else:
            book.balance_fen += delta


def _check(kind: str, legs: list[Leg]) -> None:
    if kind not in KINDS:
        raise LedgerError(f"unknown transaction kind {kind!r}")
    if len(legs) < 2 or sum(leg.amount_fen for leg in legs) != 0:
        raise LedgerError(tr("a ledger transaction must balance to zero"))
    for leg in legs:
        if leg.book not in BOOKS:
            raise LedgerError(f"unknown book {leg.book!r}")
        if leg.amount_fen == 0:
            raise LedgerError(tr("a ledger leg must not be zero"))
        if leg.book in (TENANT, METER) and leg.account_id is None:
            raise LedgerError(f"a {leg.book} leg needs an account")
        if leg.book == METER and leg.meter_id is None:
            raise LedgerError("a meter leg needs a meter")


def reverse(
    session: Session, txn_id: int, actor: Actor, memo: str = "", *, now: datetime | None = None
) -> LedgerTxn:
    """Post the mirror image of ``txn_id`` (never twice, never of a reversal), at ``now``
    (the time its audit row and slip carry)."""
    original = session.get(LedgerTxn, txn_id)
    if original is None:
        raise LedgerError(tr("no ledger transaction {id}", id=txn_id))
    if original.kind == "reversal":
        raise LedgerError(tr("a reversal cannot itself be reversed; post a new transaction"))
    if session.scalar(select(LedgerTxn.id).where(LedgerTxn.reverses_id == txn_id)) is not None:
        raise LedgerError(tr("transaction {id} has already been reversed", id=txn_id))
    entries = session.scalars(select(LedgerEntry).where(LedgerEntry.txn_id == txn_id)).all()
    legs = [Leg(e.book, -e.amount_fen, e.account_id, e.meter_id) for e in entries]
    return post(
        session,
        "reversal",
        legs,
        actor,
        reverses_id=txn_id,
        memo=memo or f"reversal of {txn_id}",
        now=now,
    )


def reverse_many(
    session: Session, txn_ids: list[int], actor: Actor, memo: str, *, now: datetime | None = None
) -> list[int]:
    """``reverse`` for many transactions at once (a billing run's reversal), through
    ``post_many``: the same refusals (no such transaction, a reversal, already reversed),
    the same mirrored entries; returns the reversals' ids in the order given."""
    if not txn_ids:
        return []
    originals: dict[int, str] = {}
    legs: dict[int, list[Leg]] = defaultdict(list)
    for start in range(0, len(txn_ids), 900):
        chunk = txn_ids[start : start + 900]
        originals.update(
            (int(i), str(k))
            for i, k in session.execute(
                select(LedgerTxn.id, LedgerTxn.kind).where(LedgerTxn.id.in_(chunk))
            )
        )
        done = session.scalar(
            select(LedgerTxn.reverses_id).where(LedgerTxn.reverses_id.in_(chunk)).limit(1)
        )
        if done is not None:
            raise LedgerError(tr("transaction {id} has already been reversed", id=done))
        for e in session.scalars(
            select(LedgerEntry).where(LedgerEntry.txn_id.in_(chunk)).order_by(LedgerEntry.id)
        ):
            legs[e.txn_id].append(Leg(e.book, -e.amount_fen, e.account_id, e.meter_id))
    for txn_id in txn_ids:
        if txn_id not in originals:
            raise LedgerError(tr("no ledger transaction {id}", id=txn_id))
        if originals[txn_id] == "reversal":
            raise LedgerError(tr("a reversal cannot itself be reversed; post a new transaction"))
    postings = [Posting(legs[i], None, memo or f"reversal of {i}", i) for i in txn_ids]
    return post_many(session, "reversal", postings, actor, now=now)


def tenant_balance(session: Session, account_id: int) -> int:
    """The account's balance computed from its entries (the truth behind the cache)."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(
            LedgerEntry.book == TENANT, LedgerEntry.account_id == account_id
        )
    )
    return int(total or 0)


def meter_funds(session: Session, meter_id: int) -> int:
    """Money credited to a meter-side meter through the ledger (its purchases, net)."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(
            LedgerEntry.book == METER, LedgerEntry.meter_id == meter_id
        )
    )
    return int(total or 0)


@dataclass
class VerifyReport:
    transactions: int = 0
    entries: int = 0
    accounts: int = 0
    receipts: int = 0
    breaches: list[str] = field(default_factory=list)
    first_bad: int | None = None  # the first transaction the chain names, if any

    @property
    def ok(self) -> bool:
        return not self.breaches


def verify(db: Database) -> VerifyReport:
    """Check every invariant of the journal, its chain and its audit rows in one read
    snapshot (``checks``)."""
    from .checks import run

    return run(db)
