"""Shared fixtures: real SQLite files in tmp_path, offscreen Qt, and a thread-leak guard."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WATTDESK_LANG", "en")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user data directory or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WATTDESK_HOME", str(home))
    monkeypatch.delenv("WATTDESK_DB", raising=False)
    for name in ("WATTDESK_KEYSTORE", "WATTDESK_KEYSTORE_PASSPHRASE"):  # no keystore file
        monkeypatch.delenv(name, raising=False)


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _test_keyring(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Secrets go to a throw-away keyring: in memory for this process, a JSON file for the
    ``python -m app`` subprocesses a test starts (they inherit the environment)."""
    import keyring

    from app.security import audit
    from tests.security.memkeyring import MemoryKeyring

    folder = tmp_path_factory.mktemp("keyring")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.security.filekeyring.FileKeyring")
    monkeypatch.setenv("WATTDESK_TEST_KEYRING_FILE", str(folder / "keyring.json"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    audit.forget_cached_keys()
    yield
    keyring.set_keyring(previous)
    audit.forget_cached_keys()


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves threads running (napari-style hygiene)."""
    before = set(threading.enumerate())
    yield
    # Qt's pool threads show up as dummy threads: Qt owns them (they expire on their own)
    leaked = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    for thread in leaked:
        thread.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"test leaked threads: {still}"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'wattdesk.sqlite'}"


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    from app.db import open_database

    database = open_database(db_url)
    yield database
    database.dispose()
