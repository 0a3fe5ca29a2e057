"""GUI fixtures: settings isolated per test, a demo database, translations on demand.

``demo_db`` is the ``db`` of the test (SQLite: the GUI suite runs on one back end) holding
the demo park of 300 rooms with opening balances. Building it costs about a second per test
(and more on a loaded machine), so it is built once per session (per xdist worker) into a
file, in a throw-away keyring and home; each test gets a byte copy of that file and, in its
own keyring, the audit key the copy's ledger seals were made with. The test sees what
``build_demo(db, rooms=300)`` on its own database gave it before: the same rows, a ledger
and audit chain that verify, a key only this test's keyring holds.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

DEMO_ROOMS = 300


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    QCoreApplication.setOrganizationName("WattDeskTest")
    QCoreApplication.setApplicationName("WattDeskTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


@dataclass(frozen=True)
class DemoFile:
    """The demo park built once: the SQLite file, its audit chain id and that chain's key."""

    path: Path
    chain_id: str
    key: str


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> DemoFile:
    import keyring

    from app.db import Database
    from app.demo import build_demo
    from app.security import audit
    from app.security.keystore import audit_key_name, get_secret
    from tests.security.memkeyring import MemoryKeyring

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite"
    shutil.copyfile(sqlite_template, path)
    chain_id = uuid.uuid4().hex
    previous = keyring.get_keyring()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WATTDESK_HOME", str(folder / "home"))
        keyring.set_keyring(MemoryKeyring())
        audit.forget_cached_keys()
        try:
            db = Database(f"sqlite:///{path}")
            try:
                with db.engine.begin() as conn:
                    conn.exec_driver_sql(f"UPDATE audit_head SET chain_id = '{chain_id}'")
                build_demo(db, rooms=DEMO_ROOMS)
                with db.engine.connect() as conn:  # the WAL into the file: one file to copy
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                db.dispose()
            key = get_secret(audit_key_name(chain_id))
        finally:
            keyring.set_keyring(previous)
            audit.forget_cached_keys()
    assert key, "the demo's opening balances are sealed: its chain has a key"
    return DemoFile(path, chain_id, key)


@pytest.fixture
def demo_db(db, demo_file: DemoFile):  # type: ignore[no-untyped-def]
    """``db`` with the demo park: the session's demo file copied over the test's (nothing
    has connected to it yet), its key put in the test's keyring."""
    from app.security import audit
    from app.security.keystore import audit_key_name, set_secret

    assert db.is_sqlite, "the GUI suite runs on SQLite"
    db.engine.dispose()
    path = Path(db.url.removeprefix("sqlite:///"))
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    shutil.copyfile(demo_file.path, path)
    set_secret(audit_key_name(demo_file.chain_id), demo_file.key)
    audit.forget_cached_keys()
    return db
