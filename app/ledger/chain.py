"""The ledger chain: every transaction sealed in a keyed hash chain, like the audit log.

What is sealed. A transaction's canonical bytes are its own row (id, created_at as stored,
kind, idempotency key, operator, reverses_id, memo), its entries (id, book, account, meter,
amount), its payments and its receipts (seq, number, issued_at, frozen content,
verify_hash), read with the same SQL for sealing and for verifying (so the two never
disagree about how a timestamp or a JSON document is spelt) and written out by ``ascii()``
of the nested tuples: one C call, and injective (a text is quoted and escaped, a number is
bare, NULL is ``None``, so no byte can move from one field or row to the next, and a text
stored in an integer column differs from the number). Then::

    mac  = HMAC-SHA256(ledger key, seq | txn id | canonical transaction)
    hash = SHA-256(previous hash | mac)

The MAC is keyed and covers the seal's position, so a changed row, a row moved to another
transaction and a seal moved to another place are all found at the transaction they touch;
the hashes chain the seals so that the keyed head (below) commits to all of them.

The ledger key is derived from the database's audit key (``app.security.audit.load_key``,
kept in the OS keyring or the keystore file): one secret protects both logs, and without it
nobody can re-seal an edited row. ``ledger_head`` (one row) holds the last seq and hash and
the receipt counter's value under a MAC, so cutting transactions off the end, or setting the
counter back, is found too.

When. Payments and receipts are written after ``post()`` in the same unit of work, so the
seal is made when the unit of work commits: a ``before_commit`` session event seals every
transaction the session inserted (ORM flushes and bulk ``insert()`` alike, found by
``after_flush`` and ``do_orm_execute``), under the ``ledger_head`` lock (``FOR UPDATE`` on
PostgreSQL, so two desks never fork the chain). One seal row and one head update per
unit of work: nothing per entry. Services need not know the chain exists.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from ..db import Database
from ..i18n import tr
from ..models import LedgerEntry, LedgerTxn, Payment, Receipt
from ..security import audit
from ..security.permissions import SecurityError

log = logging.getLogger(__name__)

PENDING = "wattdesk.ledger.unsealed"  # session.info: ids of transactions to seal at commit
TOUCHED = "wattdesk.ledger.touched"  # session.info: txn ids that got entries/payment/receipt
LOW, HIGH = -(2**63), 2**63 - 1
BATCH = 20_000  # rows a verifying cursor fetches at a time
_TABLES = {"ledger_txn", "ledger_entry", "payment", "receipt"}


class LedgerChainError(RuntimeError):
    """A programming error: a change the chain cannot seal (rows added to a sealed txn)."""


class LedgerKeyMissing(SecurityError):
    """The ledger is sealed but this computer's keyring does not hold the database's key."""

    def __init__(self, chain_id: str, seals: int) -> None:
        super().__init__(
            tr(
                "The ledger of this database has {seals} sealed transactions but its key "
                "({name}) is not in this computer's keyring. Copy the key from the "
                "workstation that created the database; no money can move until then.",
                seals=seals,
                name=audit.audit_key_name(chain_id),
            )
        )


# --------------------------------------------------------------------------- the hashes


def ledger_key(audit_key: bytes) -> bytes:
    """The ledger's own key, derived from the audit key (domain separation)."""
    return hmac.digest(audit_key, b"wattdesk ledger chain v1", "sha256")


class Keyed:
    """The seal MAC under one key (``audit.FastHmac``: the pads hashed once)."""

    def __init__(self, key: bytes) -> None:
        self._hmac = audit.FastHmac(key)
        self.pads = self._hmac.pads

    def mac(self, seq: int, txn_id: Any, canonical: bytes) -> str:
        return self._hmac.hex(f"{seq}|{txn_id}|".encode(), canonical)


def genesis(key: bytes, chain_id: str) -> str:
    return hmac.digest(key, b"ledger-genesis|" + chain_id.encode(), "sha256").hex()


def link(prev: str, mac: str) -> str:
    return hashlib.sha256(f"{prev}|{mac}".encode()).hexdigest()


def head_mac(key: bytes, chain_id: str, seq: int, last: str, receipts: int, legacy: int) -> str:
    text = f"ledger-head|{chain_id}|{seq}|{last}|{receipts}|{legacy}"
    return hmac.digest(key, text.encode(), "sha256").hex()


# --------------------------------------------------------------------------- the SQL


@dataclass(frozen=True)
class Queries:
    """The statements that read transactions in canonical form, for one back end.

    Each takes a (low, high) transaction id range and is ordered by transaction id."""

    txns: str
    entries: str
    payments: str
    receipts: str
    seals: str
    head: str
    pg: bool


@cache
def queries(pg: bool) -> Queries:
    p = "%s" if pg else "?"

    def ts(col: str) -> str:
        return f"to_char({col} AT TIME ZONE 'UTC','YYYY-MM-DD HH24:MI:SS.US')" if pg else col

    content = "content::text" if pg else "content"
    span = f"BETWEEN {p} AND {p}"
    return Queries(
        txns=(
            f"SELECT id, {ts('created_at')}, kind, idempotency_key, operator_id, reverses_id, "
            f"memo FROM ledger_txn WHERE id {span} ORDER BY id"
        ),
        entries=(
            "SELECT txn_id, id, book, account_id, meter_id, amount_fen "
            f"FROM ledger_entry WHERE txn_id {span} ORDER BY txn_id, id"
        ),
        payments=(
            "SELECT txn_id, id, account_id, room_id, meter_id, method, amount_fen, "
            f"operator_id, shift_id, {ts('created_at')} "
            f"FROM payment WHERE txn_id {span} ORDER BY txn_id, id"
        ),
        receipts=(
            f"SELECT txn_id, id, seq, number, {ts('issued_at')}, {content}, verify_hash "
            f"FROM receipt WHERE txn_id {span} ORDER BY txn_id, id"
        ),
        seals="SELECT seq, txn_id, mac, hash FROM ledger_seal ORDER BY seq",
        head="SELECT seq, hash, receipts, legacy, mac FROM ledger_head WHERE id = 1",
        pg=pg,
    )


# --------------------------------------------------------------------------- the rows


class Unit:
    """One transaction with its rows, as read for sealing or verifying."""

    __slots__ = ("entries", "payments", "receipts", "row")

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.row = row
        self.entries: list[tuple[Any, ...]] = []
        self.payments: list[tuple[Any, ...]] = []
        self.receipts: list[tuple[Any, ...]] = []

    @property
    def id(self) -> Any:
        return self.row[0]

    @property
    def kind(self) -> Any:
        return self.row[2]

    @property
    def reverses_id(self) -> Any:
        return self.row[5]

    def canonical(self) -> bytes:
        return ascii((self.row, self.entries, self.payments, self.receipts)).encode()


Orphan = tuple[str, tuple[Any, ...]]  # ("entry" | "payment" | "receipt", row)


def merge(
    txns: Iterable[tuple[Any, ...]],
    entries: Iterable[tuple[Any, ...]],
    payments: Iterable[tuple[Any, ...]],
    receipts: Iterable[tuple[Any, ...]],
    orphans: list[Orphan],
) -> Iterator[Unit]:
    """Group four streams sorted by transaction id into units; rows whose transaction is
    not there go to ``orphans`` (a transaction deleted under its rows)."""
    e_it, p_it, r_it = iter(entries), iter(payments), iter(receipts)
    e, p, r = next(e_it, None), next(p_it, None), next(r_it, None)
    for row in txns:
        tid = row[0]
        unit = Unit(row)
        if e is not None:
            while (
                e is not None
                and e[0] != tid
                and (e[0] < tid if type(e[0]) is type(tid) else _before(e[0], tid))
            ):
                orphans.append(("entry", e))
                e = next(e_it, None)
            bucket = unit.entries
            while e is not None and e[0] == tid:
                bucket.append(e)
                e = next(e_it, None)
        if p is not None:
            while (
                p is not None
                and p[0] != tid
                and (p[0] < tid if type(p[0]) is type(tid) else _before(p[0], tid))
            ):
                orphans.append(("payment", p))
                p = next(p_it, None)
            while p is not None and p[0] == tid:
                unit.payments.append(p)
                p = next(p_it, None)
        if r is not None:
            while (
                r is not None
                and r[0] != tid
                and (r[0] < tid if type(r[0]) is type(tid) else _before(r[0], tid))
            ):
                orphans.append(("receipt", r))
                r = next(r_it, None)
            while r is not None and r[0] == tid:
                unit.receipts.append(r)
                r = next(r_it, None)
        yield unit
    for name, first, rest in (("entry", e, e_it), ("payment", p, p_it), ("receipt", r, r_it)):
        while first is not None:
            orphans.append((name, first))
            first = next(rest, None)


def _before(a: Any, b: Any) -> bool:
    try:
        return bool(a < b)
    except TypeError:  # a text id stored in an integer column by hand
        return str(a) < str(b)


def read_units(conn: Connection, low: int = LOW, high: int = HIGH) -> Iterator[Unit]:
    """Units of transactions ``low..high`` through a SQLAlchemy connection (sealing)."""
    q = queries(conn.dialect.name == "postgresql")
    span = (low, high)

    def rows(sql: str) -> Iterator[tuple[Any, ...]]:
        return (tuple(r) for r in conn.exec_driver_sql(sql, span).all())

    orphans: list[Orphan] = []
    yield from merge(rows(q.txns), rows(q.entries), rows(q.payments), rows(q.receipts), orphans)


# --------------------------------------------------------------------------- sealing


def _ids(session: Session, name: str) -> set[int]:
    found: set[int] = session.info.setdefault(name, set())
    return found


@event.listens_for(Session, "after_flush")
def _track_flush(session: Session, _ctx: UOWTransaction) -> None:
    for obj in session.new:
        if isinstance(obj, LedgerTxn):
            _ids(session, PENDING).add(obj.id)
        elif isinstance(obj, LedgerEntry | Payment | Receipt):
            _ids(session, TOUCHED).add(obj.txn_id)


@event.listens_for(Session, "do_orm_execute")
def _track_bulk(state: ORMExecuteState) -> None:
    """``session.execute(insert(LedgerTxn), rows)`` (the demo's opening balances)."""
    if not state.is_insert:
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in _TABLES:
        return
    params = state.parameters
    rows: Sequence[Any] = params if isinstance(params, list) else [params or {}]
    key = "id" if name == "ledger_txn" else "txn_id"
    ids = [row.get(key) for row in rows if isinstance(row, dict)]
    if any(i is None for i in ids) or len(ids) != len(rows):
        raise LedgerChainError(f"a bulk insert into {name} must give every row's {key}")
    _ids(state.session, PENDING if name == "ledger_txn" else TOUCHED).update(
        int(i) for i in ids if i is not None
    )


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(TOUCHED, None)


@event.listens_for(Session, "before_commit")
def _seal_on_commit(session: Session) -> None:
    if session.info.get(PENDING) or session.info.get(TOUCHED):
        seal(session)


def _chain_id(conn: Connection) -> str:
    row = conn.exec_driver_sql("SELECT chain_id FROM audit_head WHERE id = 1").first()
    if row is None:
        raise LedgerChainError("the audit_head row is missing: run the migrations")
    return str(row[0])


def _lock_head(conn: Connection) -> tuple[int, str, int, int]:
    sql = queries(conn.dialect.name == "postgresql").head
    if conn.dialect.name == "postgresql":
        sql += " FOR UPDATE"
    row = conn.exec_driver_sql(sql).first()
    if row is None:
        raise LedgerChainError("the ledger_head row is missing: run the migrations")
    return int(row[0]), str(row[1]), int(row[2]), int(row[3])


def seal(session: Session) -> int:
    """Seal the transactions this session inserted (called at commit); returns how many."""
    session.flush()
    pending: set[int] = session.info.pop(PENDING, set())
    touched: set[int] = session.info.pop(TOUCHED, set())
    stray = touched - pending
    if stray:
        raise LedgerChainError(
            f"rows were added to sealed ledger transaction(s) {sorted(stray)[:5]}: "
            "post a new transaction instead"
        )
    if not pending:
        return 0
    conn = session.connection()
    key = _key(session, conn)
    return _seal_ids(conn, key, _lock_head(conn), pending)


def _counts(conn: Connection) -> tuple[str, int, int]:
    """(chain id, audit rows, ledger seals), read without a lock."""
    audit_row = conn.exec_driver_sql("SELECT chain_id, seq FROM audit_head WHERE id = 1").first()
    seals = conn.exec_driver_sql("SELECT seq FROM ledger_head WHERE id = 1").first()
    if audit_row is None or seals is None:
        raise LedgerChainError("the chain head rows are missing: run the migrations")
    return str(audit_row[0]), int(audit_row[1]), int(seals[0])


def _key(session: Session | None, conn: Connection) -> bytes:
    """The ledger key; created (with the audit key) only while neither chain has rows.

    Taken before the ledger head is locked: a unit of work that audits already holds the
    audit head, so the order is always audit head, then ledger head (no deadlock)."""
    chain_id, rows, seals = _counts(conn)
    key = audit.load_key(chain_id)
    if key is None and seals:
        raise LedgerKeyMissing(chain_id, seals)
    if key is None:
        if session is not None:
            audit.lock_chain(session)  # two desks never create two keys
        chain_id, rows, seals = _counts(conn)
        key = audit.key_for_chain(chain_id, rows + seals)
    return ledger_key(key)


def _seal_ids(conn: Connection, key: bytes, head: tuple[int, str, int, int], ids: set[int]) -> int:
    seq, last, _receipts, legacy = head
    chain_id = _chain_id(conn)
    if seq == 0:  # the first seal of this database: transactions from before the chain too
        before = {int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM ledger_txn").all()}
        legacy = len(before - ids)
        ids = ids | before
        last = genesis(key, chain_id)
    units = {u.id: u for u in read_units(conn, min(ids), max(ids)) if u.id in ids}
    missing = ids - set(units)
    if missing:
        raise LedgerChainError(f"ledger transaction(s) {sorted(missing)[:5]} vanished")
    rows, keyed = [], Keyed(key)
    for txn_id in sorted(ids):
        seq += 1
        mac = keyed.mac(seq, txn_id, units[txn_id].canonical())
        last = link(last, mac)
        rows.append((seq, txn_id, mac, last))
    p = "%s" if conn.dialect.name == "postgresql" else "?"
    conn.exec_driver_sql(
        f"INSERT INTO ledger_seal (seq, txn_id, mac, hash) VALUES ({p}, {p}, {p}, {p})", rows
    )
    counter = conn.exec_driver_sql("SELECT value FROM counter WHERE name = 'receipt'").first()
    receipts = int(counter[0]) if counter else 0
    conn.exec_driver_sql(
        f"UPDATE ledger_head SET seq = {p}, hash = {p}, receipts = {p}, legacy = {p}, mac = {p} "
        "WHERE id = 1",
        (seq, last, receipts, legacy, head_mac(key, chain_id, seq, last, receipts, legacy)),
    )
    return len(rows)


def seal_existing(conn: Connection) -> int:
    """Seal the transactions of a database from before the chain (migration 0008).

    Needs the key: when the keyring cannot give it now (locked keystore file, key not
    copied to this desk), the rows stay unsealed and the first money operation on a desk
    holding the key seals them first (``_seal_ids`` with seq 0). Returns how many."""
    if conn.exec_driver_sql("SELECT id FROM ledger_txn LIMIT 1").first() is None:
        return 0
    head = _lock_head(conn)
    if head[0]:
        return 0
    try:
        key = _key(None, conn)
    except SecurityError as exc:
        log.warning("ledger not sealed at upgrade (sealed at the next money write): %s", exc)
        return 0
    return _seal_ids(conn, key, head, set())


# --------------------------------------------------------------------------- reading


class Snapshot:
    """Raw cursors over one read snapshot (SQLite: a deferred transaction; PostgreSQL:
    REPEATABLE READ with server-side cursors)."""

    def __init__(self, db: Database, lenient: bool) -> None:
        self.db, self.lenient, self.pg = db, lenient, not db.is_sqlite
        self.q = queries(self.pg)
        self._n = 0
        self._cursors: list[Any] = []

    @contextmanager
    def open(self) -> Iterator[Snapshot]:
        raw = self.db.engine.raw_connection()
        dbapi: Any = raw.driver_connection
        self.dbapi = dbapi
        factory = None
        try:
            if self.pg:
                self.dbapi.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            else:
                factory = self.dbapi.text_factory
                if self.lenient:
                    self.dbapi.text_factory = lenient_text
                self.dbapi.execute("BEGIN DEFERRED")
            yield self
        finally:
            for cur in self._cursors:
                cur.close()
            try:
                self.dbapi.rollback() if self.pg else self.dbapi.execute("ROLLBACK")
            finally:
                if factory is not None:
                    self.dbapi.text_factory = factory
                raw.close()

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of ``sql``, iterated by the driver in C (no Python frame per row)."""
        if self.pg:
            self._n += 1
            cur = self.dbapi.cursor(name=f"wattdesk_verify_{self._n}")
            cur.itersize = BATCH
        else:
            cur = self.dbapi.cursor()
            cur.arraysize = BATCH
        if params:
            cur.execute(sql, params)
        else:  # no parameters: psycopg leaves a % in the text alone
            cur.execute(sql)
        self._cursors.append(cur)
        return iter(cur)

    def one(self, sql: str) -> tuple[Any, ...] | None:
        cur = self.dbapi.cursor()
        try:
            cur.execute(sql)
            row = cur.fetchone()
            return tuple(row) if row is not None else None
        finally:
            cur.close()

    def all(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.rows(sql))


def lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")
