"""Backup of a live database and restore: consistent, verified, refusing bad files, audited."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.backup import (
    BackupError,
    backup,
    backup_due,
    daily_backup,
    integrity_problems,
    restore,
)
from app.db import Database
from app.migrate import SchemaTooNewError, current_revision, head_revision, upgrade
from app.models import Park, Role
from app.models.base import utcnow
from app.security import Actor, PermissionDenied, list_entries, record, verify_chain

ROWS = 1000

# a backup is a copy of the SQLite file; a PostgreSQL server is backed up with pg_dump (its
# refusal is test_postgres_is_pointed_at_pg_dump)
pytestmark = pytest.mark.sqlite_only("the backup copies the SQLite file")


def add_park(db: Database, actor: Actor, i: int) -> None:
    """A real service-shaped write: the change and its audit row in one transaction."""
    with db.write() as session:
        session.add(Park(name=f"park-{i:04d}"))
        record(session, actor, "park.add", f"park:{i}")


def parks(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Park.name).order_by(Park.id)))


def file_of(db: Database) -> Path:
    return Path(db.engine.url.database or "")


def test_backup_while_another_thread_writes_1000_rows(
    db: Database, admin: Actor, tmp_path: Path
) -> None:
    committed = 0
    halfway = threading.Event()
    backup_started = threading.Event()

    def writer() -> None:
        nonlocal committed
        for i in range(ROWS):
            add_park(db, admin, i)
            committed = i + 1
            if committed == 100:
                halfway.set()
                backup_started.wait(timeout=60)

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(writer)
        assert halfway.wait(timeout=60)
        before = committed
        backup_started.set()
        result = backup(db, admin, to=tmp_path / "live.sqlite")
        after = committed
        future.result()
    assert before == 100 and committed == ROWS
    assert integrity_problems(result.path) == []

    # The copy is one snapshot: a prefix of the writes, holding every row committed
    # before it started, with its audit chain intact.
    copy = Database(f"sqlite:///{result.path}")
    try:
        names = parks(copy)
        check = verify_chain(copy)
    finally:
        copy.dispose()
    assert before <= len(names) <= after
    assert names == [f"park-{i:04d}" for i in range(len(names))]
    assert check.ok and check.rows == 1 + len(names)  # + the admin's creation

    # Restoring it gives a sound database holding exactly those rows.
    restored = restore(db, result.path, admin)
    assert integrity_problems(file_of(db)) == []
    assert parks(db) == names
    assert restored.replaced_kept_at.exists()
    assert verify_chain(db).ok
    final = Database(f"sqlite:///{restored.replaced_kept_at}")
    try:
        assert len(parks(final)) == ROWS
    finally:
        final.dispose()


def test_backup_after_the_writes_holds_every_row(
    db: Database, admin: Actor, tmp_path: Path
) -> None:
    for i in range(20):
        add_park(db, admin, i)
    result = backup(db, admin, to=tmp_path / "b.sqlite")
    for i in range(20, 25):
        add_park(db, admin, i)
    restored = restore(db, result.path, admin)
    assert len(parks(db)) == 20
    # The restored chain goes on from the backup; the replaced file records the switch too.
    assert [r.action for r in list_entries(db, admin)][-2:] == ["park.add", "restore"]
    aside = Database(f"sqlite:///{restored.replaced_kept_at}")
    try:
        kept = [r.action for r in list_entries(aside, admin)]
        assert kept[-7:] == ["backup", *["park.add"] * 5, "restore.replaced"]
        assert verify_chain(aside).ok
    finally:
        aside.dispose()


def test_keep_last_n_and_daily(db: Database, admin: Actor, tmp_path: Path) -> None:
    directory = tmp_path / "backups"
    directory.mkdir()
    now = utcnow()
    assert backup_due(directory, now)
    made = [
        backup(db, admin, to=directory, keep=3, now=now + timedelta(seconds=i)) for i in range(5)
    ]
    left = sorted(p.name for p in directory.iterdir())
    assert left == sorted(r.path.name for r in made[-3:])
    assert [p.name for p in made[-1].pruned] == [made[1].path.name]
    assert not backup_due(directory, now)
    assert backup_due(directory, now + timedelta(days=1))


def test_daily_backup_uses_the_data_directory(db: Database, admin: Actor) -> None:
    first = daily_backup(db, admin)
    assert first is not None and first.path.exists()
    assert daily_backup(db, admin) is None


def test_backup_is_audited_and_needs_the_role(
    db: Database, staff: dict[Role, Actor], tmp_path: Path
) -> None:
    for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            backup(db, staff[role], to=tmp_path)
        with pytest.raises(PermissionDenied):
            restore(db, tmp_path / "x.sqlite", staff[role])
    result = backup(db, staff[Role.ADMIN], to=tmp_path / "one.sqlite")
    row = list_entries(db, staff[Role.ADMIN])[-1]
    assert row.action == "backup" and row.target == f"file:{result.path}"
    assert row.detail_dict()["after"]["sha256"] == result.sha256
    with pytest.raises(BackupError, match="already exists"):
        backup(db, staff[Role.ADMIN], to=result.path)


def test_restore_refuses_a_corrupt_file(db: Database, admin: Actor, tmp_path: Path) -> None:
    add_park(db, admin, 1)
    good = backup(db, admin, to=tmp_path / "good.sqlite").path
    bad = tmp_path / "bad.sqlite"
    data = bytearray(good.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # wreck every b-tree page header past 2
        data[offset : offset + 8] = b"\xff" * 8
    bad.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"integrity|not a WattDesk"):
        restore(db, bad, admin)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(BackupError):
        restore(db, garbage, admin)
    with pytest.raises(BackupError):
        restore(db, tmp_path / "missing.sqlite", admin)
    assert parks(db) == ["park-0001"]


def test_restore_refuses_a_newer_schema(db: Database, admin: Actor, tmp_path: Path) -> None:
    newer = backup(db, admin, to=tmp_path / "newer.sqlite").path
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNewError, match="newer"):
        restore(db, newer, admin)
    assert current_revision(db) == head_revision()


def test_restore_refuses_a_backup_with_a_broken_audit_log(
    db: Database, admin: Actor, tmp_path: Path
) -> None:
    add_park(db, admin, 1)
    copy = backup(db, admin, to=tmp_path / "copy.sqlite").path
    con = sqlite3.connect(copy)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET target = 'park:2' WHERE id = 2")
    con.commit()
    con.close()
    with pytest.raises(BackupError, match="audit log is broken"):
        restore(db, copy, admin)


def test_restore_of_an_older_schema_upgrades(db: Database, admin: Actor, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    older = Database(f"sqlite:///{old}")
    upgrade(older, "0002")  # a database from before the audit log existed
    older.dispose()
    result = restore(db, old, admin)
    assert (result.schema_of_backup, result.schema_now) == ("0002", head_revision())
    assert verify_chain(db).ok
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Park)) == 0
    # The restorer is not an operator of the old database: named, but not linked.
    row = list_entries(db, admin)[-1]
    assert (row.action, row.actor, row.operator_id) == ("restore", "admin", None)
    assert row.detail_dict()["operator_not_in_backup"] is True


def test_postgres_is_pointed_at_pg_dump() -> None:
    class FakePg:
        is_sqlite = False

    with pytest.raises(BackupError, match="pg_dump"):
        backup(FakePg())  # type: ignore[arg-type]
