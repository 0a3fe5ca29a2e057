"""Shared fixtures: the database of a test (SQLite and PostgreSQL), offscreen Qt, a throw-away
keyring and a thread-leak guard.

Back ends. A test that uses ``db_url`` or ``db`` (or a fixture built on them, such as the money
tests' ``park``) in one of ``BOTH_BACKENDS`` (tests/money, tests/security, tests/collector,
tests/billing) runs twice, with the ids ``[sqlite]`` and ``[postgresql]``; elsewhere it runs on
SQLite only, with no id. So a new test in those suites gets both back ends without asking.

- ``[postgresql]`` needs ``WATTDESK_TEST_PG_URL``, a scratch database on a server where its
  user may ``CREATE DATABASE`` (``.ci/run`` starts one and sets it). Without it the case is
  skipped with the reason, unless ``WATTDESK_TEST_PG_REQUIRED=1`` (CI), which makes it fail:
  CI never passes by skipping PostgreSQL.
- Isolation is cheap: the schema is migrated once per session into a template (a SQLite file,
  a PostgreSQL database ``<scratch>_tpl_<pid>``) and each test gets a copy (file copy,
  ``CREATE DATABASE ... TEMPLATE``, about 0.1 s), dropped after the test. Each copy gets its
  own audit chain id, so no two tests share an audit key.
- ``db_url`` is the copy's URL (migrated; on SQLite the file is made only when ``db`` or the
  test opens it, so ``db_url`` alone still names a file that does not exist yet).
- A test that is SQLite-specific by nature (it edits the file with ``sqlite3``, kills a
  SQLite writer, reads the WAL) says so: ``@pytest.mark.sqlite_only("why")``; its PostgreSQL
  case is reported as skipped with that reason. ``sqlite_url``/``sqlite_db`` (SQLite, never
  parametrised) are there for tests that need a SQLite file next to the shared ``db``.
- ``db_backend`` is the back end of the running case (``"sqlite"`` or ``"postgresql"``).
- A test whose fixtures include ``demo_park_template`` (the ``park`` fixtures of tests/money
  and tests/billing ask for it) starts from a second template holding the demo park of
  ``PARK_ROOMS`` rooms without opening balances, built once per session (per xdist worker):
  the park's ``build_demo`` then finds the park there and returns. Building it per test cost
  0.3 s on SQLite and 0.5-2 s on PostgreSQL; the park has no ledger seal and no audit row, so
  the copy with its fresh chain id is what building it in the test made.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


# tests/<suite>: run on both back ends
BOTH_BACKENDS = (
    "money",
    "security",
    "collector",
    "billing",
    "batch",
    "timecontrol",
    "notify",
    "field",
    "payments",
    "loadcontrol",
)
PG_URL = os.environ.get("WATTDESK_TEST_PG_URL", "")
PG_REQUIRED = os.environ.get("WATTDESK_TEST_PG_REQUIRED") == "1"
DB_FIXTURES = ("db_url", "db")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): a test SQLite-specific by nature (no PostgreSQL case)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Both back ends for the tests of ``BOTH_BACKENDS`` that use a database fixture."""
    if "db_backend" not in metafunc.fixturenames:
        return
    suite = Path(str(metafunc.definition.path)).relative_to(ROOT / "tests").parts[0]
    if suite in BOTH_BACKENDS:
        metafunc.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    name: str = getattr(request, "param", "sqlite")
    if name == "postgresql":
        marker = request.node.get_closest_marker("sqlite_only")
        if marker is not None:
            pytest.skip(f"SQLite only: {marker.args[0] if marker.args else 'by nature'}")
        if not PG_URL:
            message = "set WATTDESK_TEST_PG_URL to a scratch PostgreSQL database"
            if PG_REQUIRED:
                pytest.fail(f"WATTDESK_TEST_PG_REQUIRED=1 but {message}")
            pytest.skip(message)
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test copies it."""
    from app.db import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    database = open_database(f"sqlite:///{path}")
    database.dispose()
    return path


PARK_ROOMS = 200


def build_park(url: str) -> None:
    """The demo park of the money and billing tests into the migrated database ``url``;
    nothing in it is sealed or audited (no opening balances, no actor), so no key is made."""
    from app.db import Database
    from app.demo import build_demo

    database = Database(url)
    try:
        build_demo(database, rooms=PARK_ROOMS, opening_balances=False)
        with database.engine.connect() as conn:
            sealed = conn.exec_driver_sql("SELECT seq FROM ledger_head WHERE id = 1").scalar()
            audited = conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar()
        assert not sealed and not audited, "the park template must need no audit key"
        if database.is_sqlite:  # the WAL into the file: one file to copy
            with database.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()


@pytest.fixture
def demo_park_template() -> int:
    """Asked for by a ``park`` fixture: this test's database starts with the demo park
    (``db_url`` and ``db`` look for this name among the test's fixtures)."""
    return PARK_ROOMS


@pytest.fixture(scope="session")
def sqlite_park_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """``sqlite_template`` with the demo park (``build_park``)."""
    path = tmp_path_factory.mktemp("park") / "park.sqlite"
    shutil.copyfile(sqlite_template, path)
    build_park(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """The PostgreSQL side of the session: the migrated template and copies of it."""
    from tests.pgtemplate import PgTemplates

    templates = PgTemplates(PG_URL)
    try:
        yield templates
    finally:
        templates.close()


def _fresh_chain(url: str) -> None:
    """A new audit chain id in a copy, so no two tests share an audit key."""
    from app.db import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE audit_head SET chain_id = '{uuid.uuid4().hex}'")
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'wattdesk.sqlite'}"


@pytest.fixture
def db_url(request: pytest.FixtureRequest, db_backend: str, tmp_path: Path) -> Iterator[str]:
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'wattdesk.sqlite'}"
        return
    server = request.getfixturevalue("pg_server")
    url = server.copy(park="demo_park_template" in request.fixturenames)
    try:
        _fresh_chain(url)
        yield url
    finally:
        server.drop(url)


def _open(url: str, template: Path | None) -> Any:
    from app.db import Database, open_database

    if template is not None:  # SQLite: a copy of the migrated template
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            shutil.copyfile(template, path)
            _fresh_chain(url)
            return Database(url)
        return open_database(url)
    return Database(url)  # PostgreSQL: a copy of the template, migrated already


@pytest.fixture
def db(request: pytest.FixtureRequest, db_url: str, db_backend: str) -> Iterator[Any]:
    template = None
    if db_backend == "sqlite":
        park = "demo_park_template" in request.fixturenames
        template = request.getfixturevalue("sqlite_park_template" if park else "sqlite_template")
    database = _open(db_url, template)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str, sqlite_template: Path) -> Iterator[Any]:
    database = _open(sqlite_url, sqlite_template)
    yield database
    database.dispose()


@pytest.fixture
def pg_db(request: pytest.FixtureRequest) -> Iterator[Any]:
    """PostgreSQL only (what only PostgreSQL has: row locks under two writers, the database
    owner tampering): a copy of the migrated template like the ``[postgresql]`` cases, skipped
    (or failed, in CI) without a server. Never the scratch database itself."""
    from app.db import Database

    if not PG_URL:
        message = "set WATTDESK_TEST_PG_URL to a scratch PostgreSQL database"
        if PG_REQUIRED:
            pytest.fail(f"WATTDESK_TEST_PG_REQUIRED=1 but {message}")
        pytest.skip(message)
    server = request.getfixturevalue("pg_server")
    url = server.copy()
    try:
        _fresh_chain(url)
        database = Database(url)
        yield database
        database.dispose()
    finally:
        server.drop(url)
