"""The database: engine set-up, session scopes and the guard against network shares.

SQLite (embedded default) runs in WAL with ``synchronous=FULL`` and foreign keys on; write
scopes begin ``IMMEDIATE`` so a writer waits for the lock (busy timeout) instead of failing
with SQLITE_BUSY halfway through. Reads begin DEFERRED and never block the writer.
SQLite writers also queue before ``BEGIN IMMEDIATE`` (``app.writelock``): SQLite's busy
handler polls with growing sleeps and is not fair, so under a loaded CPU eight cashiers
(threads or processes) could starve one of them past the busy timeout ("database is
locked") although the total work was small. Threads of one process queue first come, first
served; processes then take an OS file lock next to the database file, so the busy handler
is left with almost nothing to arbitrate.
PostgreSQL goes through the same code, chosen by the URL.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from .errors import (
    EnvironmentProblem,
    missing_database,
    no_wattdesk_schema,
    not_a_database,
    sqlite_path,
    unsupported_url,
)
from .i18n import tr
from .writelock import FairLock, FileWriteLock

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file
NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "fuse.sshfs", "ncpfs", "davfs"}


class DatabaseLocationError(EnvironmentProblem):
    """The database cannot be used where the URL points: a SQLite file on a network share,
    a missing file, a folder or another kind of file, a database WattDesk does not speak.
    The message is the user's sentence (``app.errors``); the CLI exits 3."""


class DatabaseDriverMissing(DatabaseLocationError):
    """The URL names a database whose Python driver is not installed (PostgreSQL's psycopg
    comes with the ``postgres`` extra and the installer, not with a plain install).

    A ``DatabaseLocationError`` so that every caller that reports a database it cannot use
    (CLI, GUI) reports this too, as a sentence instead of a ModuleNotFoundError."""

    def __init__(self, backend: str, module: str) -> None:
        self.backend, self.module = backend, module
        super().__init__(
            tr(
                "This WattDesk cannot use a {backend} database: its driver ({module}) is not "
                "installed. Install WattDesk with the postgres extra "
                "(pip install 'wattdesk[postgres]'); the installer already includes it.",
                backend=backend,
                module=module,
            )
        )


def _mount_table() -> list[tuple[str, str]]:
    """(mount point, filesystem type) pairs from /proc/mounts; empty off Linux."""
    try:
        text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            rows.append((parts[1].replace("\\040", " "), parts[2]))
    return rows


def filesystem_of(path: Path, mounts: list[tuple[str, str]] | None = None) -> str:
    """The filesystem type holding ``path`` (longest matching mount point)."""
    target = str(path.resolve())
    best, fstype = "", ""
    for mount, kind in mounts if mounts is not None else _mount_table():
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, fstype = mount, kind
    return fstype


def check_local_file(path: Path, mounts: list[tuple[str, str]] | None = None) -> None:
    """Refuse a SQLite file on a network share: its locking is unreliable there."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        raise DatabaseLocationError(_share_message(path, "UNC path"))
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE
            raise DatabaseLocationError(_share_message(path, "network drive"))
        return
    fstype = filesystem_of(path.parent if not path.exists() else path, mounts)
    if fstype in NETWORK_FS or fstype.startswith("fuse.sshfs"):
        raise DatabaseLocationError(_share_message(path, fstype))


def _share_message(path: Path, what: str) -> str:
    return (
        f"The database file {path} is on a network share ({what}). SQLite corrupts data "
        "there. Keep the file on a local disk, or use a PostgreSQL server "
        "(--db postgresql://...) when several workstations share a site."
    )


def busy_timeout_ms() -> int:
    """How long a SQLite writer waits for another process's lock: ``BUSY_TIMEOUT_MS``, or
    ``WATTDESK_BUSY_TIMEOUT_MS`` (tests of the "locked" message, a script that would rather
    fail fast than wait)."""
    text = os.environ.get("WATTDESK_BUSY_TIMEOUT_MS", "")
    return int(text) if text.isdigit() else BUSY_TIMEOUT_MS


def _sqlite_setup(engine: Engine, busy_ms: int = BUSY_TIMEOUT_MS) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy (not pysqlite) emit BEGIN, so we can choose DEFERRED or IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("wattdesk_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url`` with the settings WattDesk relies on.

    A URL of a database WattDesk does not speak (``foo://``, ``mysql://``) and a SQLite
    path that is a folder or not a SQLite file are refused here, before any driver or
    SQLite touches them (``DatabaseLocationError`` with the user's sentence)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # its text holds the URL, password and all
        raise DatabaseLocationError(unsupported_url(url)) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise DatabaseLocationError(unsupported_url(url))
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database)
            if not is_sqlite_file(path):
                raise DatabaseLocationError(not_a_database(path))
            check_local_file(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        busy_ms = busy_timeout_ms()
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": busy_ms / 1000, "check_same_thread": False},
        )
        _sqlite_setup(engine, busy_ms)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        # the driver WattDesk ships (psycopg 3); a plain postgresql:// would ask for
        # psycopg2, which is not installed, and crash on a fresh machine
        parsed = parsed.set(drivername="postgresql+psycopg")
    # a pulled network cable must not hang a connection until the kernel's TCP timeout
    # (two hours for an idle one, ~15 min for unanswered data): the collector lease's
    # renewal has to give up within its deadline (app.collector.lease); a URL's own
    # settings win
    options = {k: v for k, v in PG_NETWORK.items() if k not in parsed.query}
    try:
        return create_engine(parsed, echo=echo, pool_pre_ping=True, connect_args=options)
    except ImportError as exc:  # the dialect imports its driver here
        raise DatabaseDriverMissing(parsed.get_backend_name(), exc.name or str(exc)) from exc


# libpq settings for a dead network: connecting gives up after 5 s; an idle connection is
# probed after 10 s and dropped after 3 unanswered probes 3 s apart; data unacknowledged
# for 15 s closes the connection (Linux)
PG_NETWORK: dict[str, int] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 15000,
}


class Database:
    """One database: its engine and the two kinds of session scope.

    ``read()`` for queries (never blocks writers); ``write()`` for a unit of work that
    commits on success and always rolls back on error.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        from . import livechange  # noqa: F401  (its session events bump the live counter)
        from .ledger import chain  # noqa: F401  (its session events seal every money commit)

        self.url = url
        self.engine = make_engine(url, echo=echo)
        # re-entrant: a nested write scope fails by SQLite's busy timeout as before, not forever
        self._writers = FairLock()
        self._between: FileWriteLock | None = None
        path = sqlite_file(self.engine)
        if path is not None:
            self._between = FileWriteLock(path)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        # closing (not rolling back) ends the read transaction and keeps the loaded
        # objects readable after the scope, detached
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        if not self.is_sqlite:  # PostgreSQL locks rows, writers run side by side
            with self._write_scope() as session:
                yield session
            return
        # wait our turn in this process, then among processes; past the busy timeout go on
        # and let SQLite's own busy handler decide, so a stuck writer still ends in the
        # usual clear error
        queued = self._writers.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
        outermost = queued and self._writers.depth == 1
        between = self._between
        locked = False
        try:
            if outermost and between is not None:
                locked = between.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
            with self._write_scope() as session:
                yield session
        finally:
            if locked and between is not None:
                between.release()
            if queued:
                self._writers.release()

    def checkpoint(self) -> None:
        """Copy the write-ahead log back into the database file, PASSIVE: it waits for
        no one and blocks no writer.

        SQLite otherwise checkpoints automatically inside the commit that makes the log
        pass 1,000 pages, and with the collector writing poll batches that commit was
        often a cashier's recharge: tens of ms (copy and fsync) on its commit latency.
        The collector's writer calls this between its batches, so the automatic
        checkpoint rarely has anything left to do."""
        if not self.is_sqlite:
            return
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # type: ignore[union-attr]
        finally:
            raw.close()

    def writer_holder(self) -> str:
        """Who last took the writers' lock between processes (``pid N``), or ""."""
        return self._between.holder() if self._between is not None else ""

    @contextmanager
    def _write_scope(self) -> Iterator[Session]:
        with self.engine.connect() as conn:
            conn.execution_options(wattdesk_write=True)
            with Session(bind=conn, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
            conn.commit()

    def dispose(self) -> None:
        self.engine.dispose()
        if self._between is not None:
            self._between.close()


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite engine (None for PostgreSQL, memory and URI databases)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def is_sqlite_file(path: Path) -> bool:
    """True for a SQLite database file, an empty file and a path where nothing is yet
    (SQLite creates it); False for a folder and any other file (read without SQLite, which
    could otherwise write into it)."""
    if path.is_dir():
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except FileNotFoundError:
        return True
    except OSError:  # unreadable: let SQLite say why (read-only, permission)
        return True
    return header in (b"", SQLITE_HEADER)


def _without_schema(path: Path) -> bool:
    """True when the SQLite file at ``path`` has no ``alembic_version`` table (an empty file,
    another program's database), read without writing a byte; False when it has one or
    cannot be read this way (the normal open then says why)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return False
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return found is None


def open_database(url: str, *, migrate: bool = True, create: bool = True) -> Database:
    """Open ``url`` and bring its schema up to date (upgrade in place, never drop data).

    ``create=False`` (every command but ``init``) refuses, with the user's sentence, a
    SQLite file that does not exist and a database without WattDesk's tables, instead of
    creating an empty database where a typo pointed."""
    if not create:
        path = sqlite_path(url)
        if path is not None and not path.exists():
            raise DatabaseLocationError(missing_database(path))
        if path is not None and is_sqlite_file(path) and _without_schema(path):
            # said before our connection switches the file to WAL (which rewrites its header)
            raise DatabaseLocationError(no_wattdesk_schema(str(path)))
    db = Database(url)
    try:
        if not create:
            from .migrate import current_revision
            from .support.report import mask_url

            if current_revision(db) is None:
                where = str(sqlite_path(url) or mask_url(url))
                raise DatabaseLocationError(no_wattdesk_schema(where))
        if migrate:
            from .migrate import upgrade

            upgrade(db)
    except BaseException:
        db.dispose()
        raise
    return db
