"""The audit log writer and verifier: append-only rows in a keyed hash chain.

Writing. ``record(session, actor, action, ...)`` is called by a service inside the same
``Database.write()`` unit of work as the change it describes, so the row exists if and only
if the change was committed. It locks the chain head (BEGIN IMMEDIATE already serialises
writers on SQLite; on PostgreSQL ``SELECT ... FOR UPDATE`` on the single ``audit_head`` row
does it), numbers the row head.seq + 1 and stores::

    hash = HMAC-SHA256(key, previous hash || "|" || canonical(row))

Canonical form. Every field as ``<length>:<text>`` (a netstring without the comma), in a
fixed order: id, ts, operator_id, actor, workstation, action, target, detail. Length
prefixes make the encoding injective (no moving bytes from one field to the next without
changing the hash). ``ts`` is written as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, which is
exactly how SQLAlchemy stores a DateTime in SQLite, so the verifier can hash the stored text
without parsing a million timestamps. ``detail`` is canonical JSON text (sorted keys, no
spaces) of a compact before/after.

The key is 32 random bytes per database, kept in the OS keyring under the database's random
``chain_id``; without it nobody can forge a row, so an attacker who edits the file cannot
repair the chain. The first link starts from HMAC(key, "genesis|" chain_id), which ties the
chain to this database. The head row's MAC covers (chain_id, seq, last hash): cutting rows
off the end of the log and fixing up the head is detected too.

Verifying. ``verify_chain(db)`` reads the rows in id order in one read snapshot and reports
the first row that is missing (gap in ids), altered or out of place (hash mismatch), or a
head that does not match the last row.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import AuditEntry, AuditHead
from ..models.base import utcnow
from .keystore import audit_key_name, get_secret, set_secret
from .permissions import Actor, Permission, SecurityError, require

log = logging.getLogger(__name__)

COLUMNS = "id, ts, operator_id, actor, workstation, action, target, detail, hash"
LIMITS = {"actor": 60, "workstation": 64, "action": 40, "target": 200}
TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class AuditKeyMissing(SecurityError):
    """The log has rows (or the ledger has seals under the same key) but this computer's
    keyring does not hold the database's key."""

    def __init__(self, chain_id: str, rows: int, *, seals: int = 0) -> None:
        self.chain_id = chain_id
        if seals and not rows:  # an empty audit log, a sealed ledger (the demo's openings)
            super().__init__(
                tr(
                    "The ledger of this database has {seals} sealed transactions but its key "
                    "({name}) is not in this computer's keyring. Copy the key from the "
                    "workstation that created the database; no money can move until then.",
                    seals=seals,
                    name=audit_key_name(chain_id),
                )
            )
            return
        super().__init__(
            tr(
                "The audit log of this database has {rows} rows but its key "
                "({name}) is not in this computer's keyring. Copy the key from the "
                "workstation that created the database; nothing can be changed until then.",
                rows=rows,
                name=audit_key_name(chain_id),
            )
        )


class AuditWriteError(RuntimeError):
    """A programming error: an audit row outside a write unit of work."""


# --------------------------------------------------------------------------- the chain


def ts_text(ts: datetime) -> str:
    """The canonical text of a timestamp (UTC, microseconds, as SQLite stores it)."""
    if ts.tzinfo is None:
        raise ValueError("naive datetime refused in the audit log")
    return ts.astimezone(UTC).strftime(TS_FORMAT)


def canonical(
    row_id: int,
    ts: str,
    operator_id: int | None,
    actor: str,
    workstation: str,
    action: str,
    target: str,
    detail: str,
) -> bytes:
    """The bytes that are hashed for one row (see the module docstring)."""
    op = "" if operator_id is None else str(operator_id)
    rid = str(row_id)
    return (
        f"{len(rid)}:{rid}{len(ts)}:{ts}{len(op)}:{op}{len(actor)}:{actor}"
        f"{len(workstation)}:{workstation}{len(action)}:{action}"
        f"{len(target)}:{target}{len(detail)}:{detail}"
    ).encode()


def genesis(key: bytes, chain_id: str) -> str:
    """The "previous hash" of row 1."""
    return hmac.digest(key, b"genesis|" + chain_id.encode(), "sha256").hex()


def link(key: bytes, prev: str, row: bytes) -> str:
    return hmac.digest(key, prev.encode("ascii") + b"|" + row, "sha256").hex()


class FastHmac:
    """HMAC-SHA256 under one key with its two pads hashed once (RFC 2104: the same bytes as
    ``hmac.digest``). ``hmac.digest`` sets the key up again for every message; in a loop
    over a million rows that set-up is most of the cost."""

    def __init__(self, key: bytes) -> None:
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    @property
    def pads(self) -> tuple[Any, Any]:
        """The hashed (inner, outer) pads, for a hot loop that inlines ``hex``."""
        return self._inner, self._outer

    def hex(self, *parts: bytes) -> str:
        inner = self._inner.copy()
        for part in parts:
            inner.update(part)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def head_mac(key: bytes, chain_id: str, seq: int, last: str) -> str:
    return hmac.digest(key, f"head|{chain_id}|{seq}|{last}".encode(), "sha256").hex()


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return ts_text(value) if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"cannot put {type(value).__name__} into an audit row")


def canonical_json(value: Any) -> str:
    """Compact, sorted, deterministic JSON; Decimal/datetime/enum handled exactly."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default
    )


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ: the compact before/after of an edit."""
    keys = sorted(set(before) | set(after))
    old = {k: before.get(k) for k in keys if before.get(k) != after.get(k)}
    new = {k: after.get(k) for k in keys if before.get(k) != after.get(k)}
    return old, new


def _clean(text: str, field: str) -> str:
    # PostgreSQL text cannot hold NUL; limits keep what is hashed equal to what is stored.
    text = text.replace("\x00", "\ufffd")
    limit = LIMITS.get(field)
    return text[:limit] if limit else text


# --------------------------------------------------------------------------- the key

_keys: dict[str, bytes] = {}
_keys_lock = threading.Lock()


def forget_cached_keys() -> None:
    """Drop keys cached in this process (tests; after a restore)."""
    with _keys_lock:
        _keys.clear()


def _load_key(chain_id: str) -> bytes | None:
    with _keys_lock:
        if chain_id in _keys:
            return _keys[chain_id]
    text = get_secret(audit_key_name(chain_id))
    if text is None:
        return None
    key = bytes.fromhex(text)
    with _keys_lock:
        _keys[chain_id] = key
    return key


def _key_for_append(session: Session, head: AuditHead) -> bytes:
    """The key for the next row. An empty log may still have ledger seals under the key (the
    demo's opening balances are sealed but not audited): they count, so a desk without the
    key refuses instead of creating a new key that would make every seal look forged."""
    if head.seq or _load_key(head.chain_id) is not None:
        return key_for_chain(head.chain_id, head.seq)
    sealed = session.connection().exec_driver_sql("SELECT seq FROM ledger_head WHERE id = 1")
    seals = int(sealed.scalar() or 0)
    if seals:
        raise AuditKeyMissing(head.chain_id, 0, seals=seals)
    return key_for_chain(head.chain_id, 0)


def key_for_chain(chain_id: str, rows: int) -> bytes:
    """The key to append with, created on first use: ``rows`` counts what is already
    chained under it (audit rows, ledger seals); with any, a missing key is an error.
    Call it holding a chain lock, so two desks never create two keys."""
    key = _load_key(chain_id)
    if key is not None:
        return key
    if rows:
        raise AuditKeyMissing(chain_id, rows)
    key = secrets.token_bytes(32)
    set_secret(audit_key_name(chain_id), key.hex())
    with _keys_lock:
        _keys[chain_id] = key
    log.info("created the audit key for chain %s", chain_id)
    return key


def load_key(chain_id: str) -> bytes | None:
    """The database's chain key from the keyring (cached), None when it holds none.

    The ledger chain (``app.ledger.chain``) derives its own key from this one, so one
    secret per database protects both logs."""
    return _load_key(chain_id)


def key_for_verify(chain_id: str, rows: int) -> bytes | None:
    """The key, None for an empty log without one, ``AuditKeyMissing`` otherwise."""
    key = _load_key(chain_id)
    if key is None and rows:
        raise AuditKeyMissing(chain_id, rows)
    return key


# --------------------------------------------------------------------------- writing


def _lock_head(session: Session) -> AuditHead:
    conn = session.connection()
    # on PostgreSQL too: a row written in a read scope would vanish with its rollback
    if not conn.get_execution_options().get("wattdesk_write"):
        raise AuditWriteError(
            "audit rows must be written inside Database.write() (BEGIN IMMEDIATE)"
        )
    stmt = (
        select(AuditHead)
        .where(AuditHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = session.execute(stmt).scalar_one_or_none()
    if head is None:
        raise AuditWriteError("the audit_head row is missing: run the migrations")
    return head


def lock_chain(session: Session) -> None:
    """Take the chain lock now (before reading what the change depends on).

    ``record()`` takes it anyway; call this first when a check-then-insert must not race
    with another workstation (e.g. "no operator exists yet" before creating the first admin).
    """
    _lock_head(session)


def record(
    session: Session,
    actor: Actor,
    action: str,
    target: str = "",
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Append one audit row in ``session``'s transaction and return it.

    ``action`` is a dotted verb (``site.import``, ``operator.add``, ``login.failed``);
    ``target`` names what was changed (``room:12``, ``operator:alice``). ``before`` and
    ``after`` should hold only what changed (see ``changes()``); never passwords or hashes.
    """
    head = _lock_head(session)
    key = _key_for_append(session, head)
    ts = (now or utcnow()).astimezone(UTC)
    detail: dict[str, Any] = dict(extra or {})
    if before is not None:
        detail["before"] = dict(before)
    if after is not None:
        detail["after"] = dict(after)
    fields = {
        "actor": _clean(actor.login, "actor"),
        "workstation": _clean(actor.workstation, "workstation"),
        "action": _clean(action, "action"),
        "target": _clean(target, "target"),
        "detail": _clean(canonical_json(detail), "detail"),
    }
    seq = head.seq + 1
    prev = head.hash if head.seq else genesis(key, head.chain_id)
    digest = link(
        key,
        prev,
        canonical(
            seq,
            ts_text(ts),
            actor.operator_id,
            fields["actor"],
            fields["workstation"],
            fields["action"],
            fields["target"],
            fields["detail"],
        ),
    )
    entry = AuditEntry(id=seq, ts=ts, operator_id=actor.operator_id, hash=digest, **fields)
    session.add(entry)
    head.seq = seq
    head.hash = digest
    head.mac = head_mac(key, head.chain_id, seq, digest)
    session.flush()
    return entry


# --------------------------------------------------------------------------- verifying


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of ``verify_chain``. ``first_bad`` is the id of the first broken row."""

    ok: bool
    rows: int
    head_seq: int
    head_hash: str
    first_bad: int | None = None
    problem: str = ""
    seconds: float = 0.0

    def summary(self) -> str:
        if self.ok:
            return tr(
                "Audit log intact: {rows} rows, head {seq} {hash}.",
                rows=self.rows,
                seq=self.head_seq,
                hash=self.head_hash[:16] or "-",
            )
        return tr(
            "Audit log broken at row {row}: {problem}", row=self.first_bad, problem=self.problem
        )


def _lenient_text(data: bytes) -> str:
    # Bytes that are not UTF-8 (someone edited the file) become lone surrogates, which
    # cannot be encoded again: the row is then reported as altered instead of crashing.
    return data.decode("utf-8", "surrogateescape")


# the head row first (empty when it is missing), then every row of the log
_Rows = Generator[tuple[Any, ...], None, None]


def _rows_sqlite(db: Database, batch: int) -> _Rows:
    """Head first, then every row, from one read snapshot (raw DB-API for speed).

    The fast path lets sqlite3 decode text in C; only if a row holds invalid UTF-8 does it
    switch to a lenient decoder from that row on.
    """
    raw = db.engine.raw_connection()
    dbapi = raw.driver_connection
    assert isinstance(dbapi, sqlite3.Connection)  # db.is_sqlite: the pysqlite driver
    factory = dbapi.text_factory
    last = 0
    try:
        cur = raw.cursor()
        cur.execute("BEGIN DEFERRED")
        try:
            cur.execute("SELECT chain_id, seq, hash, mac FROM audit_head WHERE id = 1")
            yield cur.fetchone() or ()
            cur.execute(f"SELECT {COLUMNS} FROM audit_log ORDER BY id")
            while True:
                try:
                    rows = cur.fetchmany(batch)
                except sqlite3.OperationalError:
                    if dbapi.text_factory is _lenient_text:
                        raise
                    dbapi.text_factory = _lenient_text
                    resume = f"SELECT {COLUMNS} FROM audit_log WHERE id > ? ORDER BY id"
                    cur.execute(resume, (last,))
                    continue
                if not rows:
                    break
                for row in rows:
                    last = row[0] if isinstance(row[0], int) else last
                    yield row
        finally:
            cur.execute("ROLLBACK")
            cur.close()
    finally:
        dbapi.text_factory = factory
        raw.close()


def _rows_generic(db: Database, batch: int) -> _Rows:
    """PostgreSQL and others: a REPEATABLE READ snapshot, streamed with a server cursor."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            head = conn.exec_driver_sql(
                "SELECT chain_id, seq, hash, mac FROM audit_head WHERE id = 1"
            ).first()
            yield () if head is None else tuple(head)
            result = conn.execution_options(stream_results=True, yield_per=batch).exec_driver_sql(
                f"SELECT {COLUMNS} FROM audit_log ORDER BY id"
            )
            for row in result:
                ts = row[1]
                yield (row[0], ts_text(ts) if isinstance(ts, datetime) else ts, *row[2:])


def verify_chain(db: Database, *, batch: int = 20_000) -> VerifyResult:
    """Recompute the whole chain; report the first missing, altered or misplaced row."""
    started = time.perf_counter()
    source = _rows_sqlite(db, batch) if db.is_sqlite else _rows_generic(db, batch)
    head = next(source)
    if not head:
        raise AuditWriteError("the audit_head row is missing: run the migrations")
    chain_id, head_seq, head_hash, mac = head
    key = key_for_verify(chain_id, head_seq)
    if key is None:  # empty log, no key yet: only an empty table is consistent
        first = next(source, None)
        source.close()
        elapsed = time.perf_counter() - started
        if first is not None:
            problem = tr("rows after {seq} are not in the chain head (added).", seq=0)
            return VerifyResult(False, 0, 0, "", 1, problem, elapsed)
        return VerifyResult(True, 0, 0, "", seconds=elapsed)
    count, last_id, bad, problem = _walk(key, genesis(key, chain_id), source)
    result_hash = head_hash
    if bad is None:
        bad, problem = _check_head(key, chain_id, head_seq, head_hash, mac, last_id, count)
    elapsed = time.perf_counter() - started
    source.close()
    if bad is not None:
        return VerifyResult(False, count, head_seq, result_hash, bad, problem, elapsed)
    return VerifyResult(True, count, head_seq, result_hash, seconds=elapsed)


def _walk(
    key: bytes, prev: str, rows: Iterable[tuple[Any, ...]]
) -> tuple[int, int, int | None, str]:
    """The hot loop: (rows seen, last id, first bad id or None, problem)."""
    mac = FastHmac(key).hex
    expected = 1
    count = 0
    for rid, ts, op, actor, ws, action, target, detail, stored in rows:
        if rid != expected:
            if isinstance(rid, int) and rid > expected:
                return count, expected - 1, expected, tr("this row is missing (deleted).")
            return count, expected - 1, expected, tr("rows are out of order or duplicated.")
        try:
            opt = "" if op is None else str(op)
            rid_t = str(rid)
            data = (
                f"{len(rid_t)}:{rid_t}{len(ts)}:{ts}{len(opt)}:{opt}{len(actor)}:{actor}"
                f"{len(ws)}:{ws}{len(action)}:{action}"
                f"{len(target)}:{target}{len(detail)}:{detail}"
            ).encode()
        except (TypeError, UnicodeEncodeError):
            return count, expected - 1, rid, tr("a field has the wrong type (altered).")
        if not isinstance(stored, str) or mac(prev.encode("ascii"), b"|", data) != stored:
            return (
                count,
                expected - 1,
                rid,
                tr("its content does not match its hash (altered, moved or forged)."),
            )
        prev = stored
        count += 1
        expected += 1
    return count, expected - 1, None, ""


def _check_head(
    key: bytes, chain_id: str, seq: int, last: str, mac: str, last_id: int, count: int
) -> tuple[int | None, str]:
    if seq > last_id:
        return last_id + 1, tr(
            "rows {first} to {last} are missing (cut off the end of the log).",
            first=last_id + 1,
            last=seq,
        )
    if seq < last_id:
        return seq + 1, tr("rows after {seq} are not in the chain head (added).", seq=seq)
    if not hmac.compare_digest(mac, head_mac(key, chain_id, seq, last)):
        return max(seq, 1), tr("the chain head does not match the last row (altered).")
    return None, ""


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audit row as the UI and the CLI show it (plain data, no session attached)."""

    id: int
    ts: datetime
    operator_id: int | None
    actor: str
    workstation: str
    action: str
    target: str
    detail: str

    def detail_dict(self) -> dict[str, Any]:
        value = json.loads(self.detail) if self.detail else {}
        return value if isinstance(value, dict) else {"value": value}


def list_entries(
    db: Database,
    actor: Actor,
    *,
    since: datetime | None = None,
    limit: int | None = 1000,
    action_prefix: str | None = None,
) -> list[AuditRow]:
    """Audit rows, oldest first (the last ``limit`` of them). Needs ``AUDIT_READ``."""
    require(actor, Permission.AUDIT_READ)
    stmt = select(AuditEntry)
    if since is not None:
        stmt = stmt.where(AuditEntry.ts >= since)
    if action_prefix:
        stmt = stmt.where(AuditEntry.action.startswith(action_prefix))
    stmt = stmt.order_by(AuditEntry.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.read() as session:
        rows = [
            AuditRow(
                e.id, e.ts, e.operator_id, e.actor, e.workstation, e.action, e.target, e.detail
            )
            for e in session.scalars(stmt)
        ]
    rows.reverse()
    return rows


def chain_head(db: Database) -> tuple[str, int, str]:
    """(chain_id, seq, last hash): write these down elsewhere to anchor the log in time."""
    with db.read() as session:
        head = session.get(AuditHead, 1)
        if head is None:
            raise AuditWriteError("the audit_head row is missing: run the migrations")
        return head.chain_id, head.seq, head.hash
