"""Engine settings: WAL, FULL sync, foreign keys, IMMEDIATE writers, the network-share guard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.config import resolve_db_url
from app.db import Database, DatabaseLocationError, check_local_file, filesystem_of


def test_sqlite_pragmas(db: Database) -> None:
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_write_scope_takes_the_write_lock_at_begin(db: Database, tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: another writer is refused at once, before our first write."""
    path = db.engine.url.database
    with db.write() as s:
        s.execute(text("SELECT 1"))  # no write yet: only IMMEDIATE holds the lock now
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_read_scope_does_not_block_a_writer(db: Database) -> None:
    path = db.engine.url.database
    with db.read() as s:
        s.execute(text("SELECT count(*) FROM park")).scalar()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO setting (key, value) VALUES ('x', '1')")
        other.execute("COMMIT")
        other.close()


def test_write_scope_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as s:
        s.execute(text("INSERT INTO setting (key, value) VALUES ('a', '1')"))
        raise RuntimeError("boom")
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM setting")).scalar() == 0


MOUNTS = [("/", "ext4"), ("/mnt/share", "cifs"), ("/mnt/nfs", "nfs4"), ("/home", "ext4")]


def test_network_share_is_refused_with_a_clear_message() -> None:
    assert filesystem_of(Path("/mnt/share/office/wd.sqlite"), MOUNTS) == "cifs"
    with pytest.raises(DatabaseLocationError, match="network share"):
        check_local_file(Path("/mnt/share/office/wd.sqlite"), MOUNTS)
    with pytest.raises(DatabaseLocationError, match="PostgreSQL"):
        check_local_file(Path("/mnt/nfs/wd.sqlite"), MOUNTS)
    with pytest.raises(DatabaseLocationError):
        check_local_file(Path("//server/share/wd.sqlite"), MOUNTS)
    check_local_file(Path("/home/office/wd.sqlite"), MOUNTS)  # local: fine
    assert filesystem_of(Path("/mnt/shared/x"), MOUNTS) == "ext4"  # prefix is not a mount


def test_database_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_DB", "postgresql://u@h/wd")
    assert resolve_db_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
    assert resolve_db_url(None) == "postgresql://u@h/wd"
    monkeypatch.delenv("WATTDESK_DB")
    assert resolve_db_url(None).endswith("wattdesk.sqlite")
    assert resolve_db_url(str(tmp_path / "a.sqlite")) == f"sqlite:///{tmp_path / 'a.sqlite'}"
