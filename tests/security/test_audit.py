"""The audit log: same transaction, append-only triggers, hash chain, tamper detection."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from app.db import Database
from app.models import AuditEntry, Park
from app.security import (
    Actor,
    AuditKeyMissing,
    changes,
    list_entries,
    record,
    system_actor,
    verify_chain,
)
from app.security import audit as audit_mod
from app.security.keystore import audit_key_name

COLUMNS = ["id", "ts", "operator_id", "actor", "workstation", "action", "target", "detail", "hash"]


# the attacker edits the file with sqlite3; the same edits on PostgreSQL: test_postgres.py
FILE_EDIT = pytest.mark.sqlite_only("edits the SQLite file with sqlite3")
KEY_FILE = pytest.mark.sqlite_only("reads the SQLite file's bytes")
TS_TEXT = pytest.mark.sqlite_only("SQLite stores timestamps as text; PostgreSQL as timestamptz")


def write_rows(db: Database, actor: Actor, n: int) -> None:
    for i in range(n):
        with db.write() as session:
            record(
                session,
                actor,
                "test.edit",
                f"room:{i}",
                before={"name": f"旧{i}"},
                after={"name": f"新{i}", "price": "0.6523"},
            )


def file_of(db: Database) -> Path:
    return Path(db.engine.url.database or "")


def attacker(path: Path, *statements: str) -> None:
    """Edit the file as someone with the file would: recreate the table without triggers."""
    con = sqlite3.connect(path)
    try:
        con.executescript(
            """
            BEGIN;
            CREATE TABLE audit_copy AS SELECT * FROM audit_log;
            DROP TABLE audit_log;
            ALTER TABLE audit_copy RENAME TO audit_log;
            COMMIT;
            """
        )
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def tampered_copy(db: Database, tmp_path: Path, name: str, *statements: str) -> Database:
    db.dispose()
    path = tmp_path / f"{name}.sqlite"
    shutil.copyfile(file_of(db), path)
    attacker(path, *statements)
    return Database(f"sqlite:///{path}")


def test_empty_log_verifies_without_a_key(db: Database, memory_keyring) -> None:
    result = verify_chain(db)
    assert result.ok and result.rows == 0
    assert memory_keyring.store == {}


def test_rows_chain_and_verify(db: Database) -> None:
    actor = system_actor("desk-9")
    write_rows(db, actor, 25)
    result = verify_chain(db)
    assert result.ok, result.summary()
    assert (result.rows, result.head_seq) == (25, 25)
    rows = list_entries(db, actor)
    assert [r.id for r in rows] == list(range(1, 26))
    assert rows[0].workstation == "desk-9"
    assert rows[0].detail == '{"after":{"name":"新0","price":"0.6523"},"before":{"name":"旧0"}}'


@KEY_FILE
def test_key_lives_in_the_keyring_not_the_database(db: Database, memory_keyring) -> None:
    write_rows(db, system_actor(), 1)
    with db.read() as session:
        chain_id = session.scalar(text("SELECT chain_id FROM audit_head"))
    secret = memory_keyring.store[("WattDesk", audit_key_name(chain_id))]
    db.dispose()
    assert secret.encode() not in file_of(db).read_bytes()


@TS_TEXT
def test_stored_timestamp_text_is_the_canonical_text(db: Database) -> None:
    """The verifier hashes SQLite's stored text; it must equal what the writer hashed."""
    write_rows(db, system_actor(), 3)
    with db.read() as session:
        stored = session.execute(text("SELECT ts FROM audit_log")).scalars().all()
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        expected = [audit_mod.ts_text(e.ts) for e in entries]
    assert stored == expected


def test_audit_row_shares_the_transaction_of_the_change(db: Database) -> None:
    actor = system_actor()
    with pytest.raises(RuntimeError), db.write() as session:
        session.add(Park(name="A"))
        record(session, actor, "park.add", "park:A")
        raise RuntimeError("the change fails after the audit row was written")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert session.scalar(select(func.count()).select_from(Park)) == 0
    with db.write() as session:
        session.add(Park(name="B"))
        record(session, actor, "park.add", "park:B")
    assert verify_chain(db).rows == 1


def test_record_outside_a_write_scope_is_a_bug(db: Database) -> None:
    with pytest.raises(audit_mod.AuditWriteError), db.read() as session:
        record(session, system_actor(), "x")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET target = 'x' WHERE id = 1",
        "UPDATE audit_log SET hash = hash",
        "DELETE FROM audit_log WHERE id = 2",
        "DELETE FROM audit_log",
    ],
)
def test_triggers_refuse_update_and_delete(db: Database, statement: str) -> None:
    write_rows(db, system_actor(), 3)
    with pytest.raises(DatabaseError, match="append-only"), db.write() as session:
        session.execute(text(statement))
    assert verify_chain(db).ok


@FILE_EDIT
def test_changed_byte_in_sqlite_names_the_row(db: Database, tmp_path: Path) -> None:
    write_rows(db, system_actor(), 10)
    edit = "UPDATE audit_log SET detail = replace(detail, '新6', '新7') WHERE id = 7"
    bad = tampered_copy(db, tmp_path, "byte", edit)
    result = verify_chain(bad)
    assert not result.ok
    assert result.first_bad == 7
    assert "row 7" in result.summary()


@FILE_EDIT
@pytest.mark.parametrize(
    ("column", "expr"),
    [
        ("ts", "replace(ts, substr(ts, -1), CASE substr(ts, -1) WHEN '9' THEN '8' ELSE '9' END)"),
        ("operator_id", "1"),
        ("actor", "'cli:mallory'"),
        ("workstation", "'desk-X'"),
        ("action", "'test.edjt'"),
        ("target", "'room:99'"),
        ("hash", "substr(hash, 1, 63) || CASE substr(hash, 64) WHEN 'a' THEN 'b' ELSE 'a' END"),
    ],
)
def test_each_column_is_covered(db: Database, tmp_path: Path, column: str, expr: str) -> None:
    write_rows(db, system_actor(), 6)
    bad = tampered_copy(db, tmp_path, column, f"UPDATE audit_log SET {column} = {expr} WHERE id=4")
    result = verify_chain(bad)
    assert (result.ok, result.first_bad) == (False, 4), result.summary()


@FILE_EDIT
def test_deleted_row_is_found(db: Database, tmp_path: Path) -> None:
    write_rows(db, system_actor(), 10)
    bad = tampered_copy(db, tmp_path, "del", "DELETE FROM audit_log WHERE id = 5")
    result = verify_chain(bad)
    assert (result.ok, result.first_bad) == (False, 5)
    assert "missing" in result.problem


@FILE_EDIT
def test_deleted_row_and_renumbered_rest_is_found(db: Database, tmp_path: Path) -> None:
    write_rows(db, system_actor(), 10)
    bad = tampered_copy(
        db,
        tmp_path,
        "renumber",
        "DELETE FROM audit_log WHERE id = 5",
        "UPDATE audit_log SET id = id - 1 WHERE id > 5",
    )
    result = verify_chain(bad)
    assert (result.ok, result.first_bad) == (False, 5)


@FILE_EDIT
def test_cut_off_tail_is_found(db: Database, tmp_path: Path) -> None:
    write_rows(db, system_actor(), 10)
    bad = tampered_copy(
        db,
        tmp_path,
        "tail",
        "DELETE FROM audit_log WHERE id > 8",
        "UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_log WHERE id = 8)",
    )
    result = verify_chain(bad)
    assert (result.ok, result.first_bad) == (False, 8)
    assert "head" in result.problem
    plain = tampered_copy(db, tmp_path, "tail2", "DELETE FROM audit_log WHERE id > 8")
    assert verify_chain(plain).first_bad == 9


@FILE_EDIT
def test_reordered_rows_are_found(db: Database, tmp_path: Path) -> None:
    write_rows(db, system_actor(), 10)
    bad = tampered_copy(
        db,
        tmp_path,
        "swap",
        "UPDATE audit_log SET id = -3 WHERE id = 3",
        "UPDATE audit_log SET id = 3 WHERE id = 4",
        "UPDATE audit_log SET id = 4 WHERE id = -3",
    )
    result = verify_chain(bad)
    assert (result.ok, result.first_bad) == (False, 3)


@FILE_EDIT
def test_invalid_utf8_is_reported_not_a_crash(db: Database, tmp_path: Path) -> None:
    write_rows(db, system_actor(), 5)
    bad = tampered_copy(
        db, tmp_path, "utf8", "UPDATE audit_log SET target = CAST(X'726f6f6dff' AS TEXT) WHERE id=3"
    )
    result = verify_chain(bad)
    assert (result.ok, result.first_bad) == (False, 3)


def test_missing_key_is_a_clear_error(db: Database, memory_keyring) -> None:
    write_rows(db, system_actor(), 2)
    memory_keyring.store.clear()
    audit_mod.forget_cached_keys()
    with pytest.raises(AuditKeyMissing, match="keyring"):
        verify_chain(db)
    with pytest.raises(AuditKeyMissing), db.write() as session:
        record(session, system_actor(), "x")


@FILE_EDIT
def test_every_single_byte_change_is_found(db: Database) -> None:
    """Exhaustive over the walk: flip every character of every field of every row."""
    write_rows(db, system_actor(), 8)
    source = audit_mod._rows_sqlite(db, 100)
    chain_id = next(source)[0]
    rows = [list(r) for r in source]
    key = audit_mod.key_for_verify(chain_id, len(rows))
    assert key is not None
    start = audit_mod.genesis(key, chain_id)
    assert audit_mod._walk(key, start, rows)[2] is None
    checked = 0
    for r, row in enumerate(rows):
        for c in range(1, 9):  # every column but id (covered by the gap tests)
            value = str(row[c]) if row[c] is not None else ""
            for i in range(len(value)):
                flipped = value[:i] + chr(ord(value[i]) ^ 1) + value[i + 1 :]
                copy = [list(x) for x in rows]
                copy[r][c] = int(flipped) if c == 2 and flipped.isdigit() else flipped
                assert audit_mod._walk(key, start, copy)[2] == r + 1
                checked += 1
    assert checked > 1000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=6), min_size=6, max_size=6), st.data())
def test_canonical_form_is_injective(a: list[str], data: st.DataObject) -> None:
    """Re-cutting the same characters into different fields always changes the bytes."""
    joined = "".join(a)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(joined)), min_size=5, max_size=5)))
    bounds = [0, *cuts, len(joined)]
    b = [joined[bounds[i] : bounds[i + 1]] for i in range(6)]
    one = audit_mod.canonical(1, a[0], None, *a[1:])
    two = audit_mod.canonical(1, b[0], None, *b[1:])
    assert (one == two) == (a == b)


def test_concurrent_writers_do_not_fork_the_chain(db: Database) -> None:
    """Threads with their own connections append at once; the chain stays one line."""
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        barrier.wait()
        write_rows(db, system_actor(f"desk-{n}"), 50)

    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(worker, n) for n in range(4)]:
            future.result()
    result = verify_chain(db)
    assert result.ok and result.rows == 200


def test_changes_keeps_only_what_differs() -> None:
    before, after = changes({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "d": 4})
    assert before == {"b": 2, "c": 3, "d": None}
    assert after == {"b": 5, "c": None, "d": 4}
