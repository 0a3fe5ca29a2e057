"""Errors in words: the one place that turns database and environment failures into a
sentence in the user's language that says what is wrong and what to do.

The command line (``app.cli.main``), the GUI's start-up and the collector's background
threads all ask ``explain(exc, url)``; none of them shows a traceback for these. What counts
as an *environment* problem (exit code 3): the database cannot be reached, opened, locked,
written (disk full, read-only), is not a WattDesk database or is newer than this WattDesk,
the URL names a database WattDesk does not speak or whose driver is missing, the computer
has no time zone database. Refusals of the user's input are exit 1, usage errors exit 2.

SQLite errors are recognised by their result code (``sqlite3.Error.sqlite_errorname``,
Python 3.11+), PostgreSQL's connection errors by the text libpq gives (psycopg raises them
without an SQLSTATE). On Linux a locked SQLite file names the process holding its write lock,
read from ``/proc/locks`` (SQLite's WAL write lock is a POSIX lock on byte 120 of the
``-shm`` file; in rollback mode the RESERVED/PENDING bytes at 1 GiB of the main file).
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .i18n import tr

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3

SUPPORTED = ("sqlite", "postgresql")
# SQLAlchemy's other built-in dialects: real databases WattDesk does not support
OTHER_DATABASES = ("mysql", "mariadb", "mssql", "oracle")
_WAL_WRITE_LOCK = 120  # byte of the -shm file SQLite locks for the WAL writer
_PENDING_BYTE = 0x40000000  # rollback mode: PENDING, RESERVED (+1) and the shared range


class EnvironmentProblem(RuntimeError):
    """Something around WattDesk stops it (database, disk, server, time zone): the message
    is for the user, in their language, and says what to do. The CLI exits 3."""


# -- sentences ----------------------------------------------------------------------------


def unsupported_url(url: str) -> str:
    """``--db foo://x`` or ``--db mysql://...``: say which databases WattDesk takes."""
    scheme = url.split("://", 1)[0].split("+", 1)[0].lower() if "://" in url else url
    if scheme in OTHER_DATABASES:
        return tr(
            "WattDesk works with SQLite and PostgreSQL only, not {dialect} ({url}). Give a "
            "SQLite file path, or a PostgreSQL URL such as "
            "postgresql://user:password@host/database.",
            dialect=scheme,
            url=_masked(url),
        )
    return tr(
        "{url} is not a database address WattDesk knows ({scheme}://). Give a SQLite file "
        "path (or sqlite:///path), or a PostgreSQL URL such as "
        "postgresql://user:password@host/database.",
        url=_masked(url),
        scheme=scheme,
    )


def missing_database(path: Path) -> str:
    return tr(
        "There is no database at {path}. Check the --db path (or WATTDESK_DB); to create a "
        "new database there, run `wattdesk init --db {path}`.",
        path=path,
    )


def not_a_database(path: Path) -> str:
    if path.is_dir():
        return tr(
            "{path} is a folder, not a database file. Give the database file's path "
            "(for example {example}). Nothing was changed.",
            path=path,
            example=path / "wattdesk.sqlite",
        )
    return tr(
        "{path} is not a WattDesk database (it is not a SQLite database file). Check the "
        "--db path; `wattdesk init --db FILE` creates a new database. The file was not "
        "changed.",
        path=path,
    )


def no_wattdesk_schema(where: str) -> str:
    return tr(
        "{where} has no WattDesk tables: it is not a WattDesk database, or it was never "
        "set up. Check the --db address; `wattdesk init` sets up a new database. Nothing "
        "was changed.",
        where=where,
    )


def schema_too_new(where: str, revision: str, head: str) -> str:
    return tr(
        "The database {where} was written by a newer WattDesk (schema {revision}; this "
        "WattDesk knows up to {head}). Update WattDesk on this computer to use it. The "
        "database was not changed: do not edit or replace it.",
        where=where,
        revision=revision,
        head=head,
    )


def unknown_zone(name: str) -> str:
    return tr(
        "unknown time zone {name!r}: use a name from the IANA time zone database, such as "
        "Asia/Shanghai or Asia/Urumqi",
        name=name,
    )


def no_zone_database(name: str) -> str:
    return tr(
        "This computer has no time zone database, so the time zone {name!r} cannot be "
        "used. Install it (pip install tzdata) and try again.",
        name=name,
    )


def _locked(path: str, holders: list[Holder]) -> str:
    if holders:
        who = ", ".join(h.describe() for h in holders)
        return tr(
            "The database {path} is locked: {who} is writing to it and did not finish in "
            "time, so this command could not write. Try again in a moment; if it stays "
            "locked, let that program finish or close it.",
            path=path,
            who=who,
        )
    return tr(
        "The database {path} is locked: another program or another WattDesk desk is "
        "writing to it and did not finish in time, so this command could not write. Try "
        "again in a moment; if it stays locked, close the other program or desk.",
        path=path,
    )


def _disk_full(path: str) -> str:
    return tr(
        "The disk holding {path} is full (database or disk is full): the change was not "
        "saved. Free some space on that disk and try again.",
        path=path,
    )


def _read_only(path: str) -> str:
    return tr(
        "WattDesk may not write {path}: the file or its folder is read-only for this user "
        "(or on a read-only disk). Nothing was changed. Give this user write access to the "
        "file and its folder, or use a copy on a writable disk.",
        path=path,
    )


def _damaged(path: str) -> str:
    return tr(
        "The database {path} is damaged (SQLite reports it malformed). Stop every WattDesk "
        "using it and restore the last backup (wattdesk restore FILE).",
        path=path,
    )


def _disk_error(path: str, reason: str) -> str:
    return tr(
        "The disk reported an error reading or writing {path} ({reason}). Check the disk "
        "and try again; if it persists, restore the last backup.",
        path=path,
        reason=reason,
    )


def _cannot_open(path: str) -> str:
    return tr(
        "Cannot open the database file {path}. Check that the path is right and that this "
        "user may read and write the file and its folder.",
        path=path,
    )


# -- the mapping --------------------------------------------------------------------------


def explain(exc: BaseException, url: str | None = None) -> str | None:
    """The sentence for ``exc`` (or an error it wraps or was raised from) when it is an
    environment problem WattDesk knows, else ``None``. ``url`` is the database in use."""
    for err in _chain(exc):
        text = _explain_one(err, url)
        if text is not None:
            return text
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the DB-API error SQLAlchemy wraps, then its causes: each once."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop(0)
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        yield err
        orig = getattr(err, "orig", None)
        todo.extend([orig if isinstance(orig, BaseException) else None, err.__cause__])
        todo.append(err.__context__)


def log_failure(logger: logging.Logger, what: str, exc: BaseException, url: str | None) -> None:
    """Log a background thread's failure (the collector's writer and dispatcher): a known
    environment problem as its sentence, the traceback in the log file only; anything else
    with its traceback, as before."""
    message = explain(exc, url)
    if message is None:
        logger.error("%s", what, exc_info=exc)
        return
    from .support.hooks import FILE_ONLY

    logger.error("%s: %s", what, message)
    logger.debug("%s", what, exc_info=exc, extra={FILE_ONLY: True})


def _explain_one(err: BaseException, url: str | None) -> str | None:
    from zoneinfo import ZoneInfoNotFoundError

    if isinstance(err, EnvironmentProblem):
        return str(err)
    if isinstance(err, sqlite3.Error):
        return _explain_sqlite(err, url)
    if type(err).__module__.split(".")[0] == "psycopg" and "Operational" in type(err).__name__:
        return _explain_postgres(str(err), url)
    if isinstance(err, ZoneInfoNotFoundError):
        name = str(err.args[0]) if err.args else ""
        name = name.removeprefix("No time zone found with key ").strip("'\"")
        return no_zone_database(name) if not _have_zones() else unknown_zone(name)
    if isinstance(err, OSError) and err.errno is not None:
        where = str(err.filename) if err.filename else _where(url)
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            return _disk_full(where)
        if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _read_only(where)
        if err.filename:  # a file the command was told to read or write (--out, a sheet)
            return tr(
                "Cannot use the file {path}: {reason}. Check the path, and that this user "
                "may read or write it.",
                path=where,
                reason=err.strerror or err,
            )
    name = type(err).__name__
    if name == "NoSuchModuleError" or (name == "ArgumentError" and "URL" in str(err)):
        return unsupported_url(url or "")
    return None


def _explain_sqlite(err: sqlite3.Error, url: str | None) -> str | None:
    code = getattr(err, "sqlite_errorname", "") or ""
    text = str(err)
    where = _where(url)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        path = sqlite_path(url)
        return _locked(where, lock_holders(path) if path else [])
    if code.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return _disk_full(where)
    if code.startswith("SQLITE_READONLY") or "readonly database" in text:
        return _read_only(where)
    if code.startswith("SQLITE_NOTADB") or "file is not a database" in text:
        path = sqlite_path(url)
        return not_a_database(path) if path else not_a_database(Path(where))
    if code.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return _damaged(where)
    if code.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        path = sqlite_path(url)
        if path is not None:
            if path.is_dir():
                return not_a_database(path)
            if not path.parent.is_dir():
                return missing_database(path)
            if not os.access(path if path.exists() else path.parent, os.W_OK):
                return _read_only(where)
        return _cannot_open(where)
    if code.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        path = sqlite_path(url)
        if path is not None and _no_space_left(path):  # the -wal/-shm could not even grow
            return _disk_full(where)
        return _disk_error(where, text)
    return None


def _no_space_left(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return st.f_bavail == 0


def _explain_postgres(text: str, url: str | None) -> str:
    host, port, user, name = _pg_parts(url)
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return tr(
            "The PostgreSQL server at {host}:{port} refused user {user}: wrong password "
            "(or no such user). Check the user and password in the --db URL.",
            host=host,
            port=port,
            user=user,
        )
    if "role" in lowered and "does not exist" in lowered:
        return tr(
            "The PostgreSQL server at {host}:{port} has no user {user}. Check the user in "
            "the --db URL, or ask the server's administrator to create it.",
            host=host,
            port=port,
            user=user,
        )
    if "database" in lowered and "does not exist" in lowered:
        return tr(
            "The PostgreSQL server at {host}:{port} has no database {name}. Check the name "
            "in the --db URL, or create it (createdb {name}) and run `wattdesk init`.",
            host=host,
            port=port,
            name=name,
        )
    if "connection refused" in lowered:
        return tr(
            "Nothing answers at {host}:{port}: the PostgreSQL server is not running there "
            "or does not accept connections on that port. Start the server, or check the "
            "host and port in the --db URL.",
            host=host,
            port=port,
        )
    unknown_host = ("failed to resolve host", "could not translate host name", "name or service")
    if any(part in lowered for part in unknown_host):
        return tr(
            "The database server's host name {host} cannot be found. Check the host in the "
            "--db URL and this computer's network connection.",
            host=host,
        )
    if "timeout" in lowered or "timed out" in lowered:
        return tr(
            "The PostgreSQL server at {host}:{port} did not answer in time. Check that it "
            "runs, the network between this computer and the server, and any firewall.",
            host=host,
            port=port,
        )
    if "no space left" in lowered or "could not extend file" in lowered:
        return _disk_full(_where(url))
    if "too many connections" in lowered or "remaining connection slots" in lowered:
        return tr(
            "The PostgreSQL server at {host}:{port} has no free connection slots. Close "
            "WattDesk on a desk that does not need it, or ask the server's administrator to "
            "raise max_connections; then try again.",
            host=host,
            port=port,
        )
    return database_error(text, url)


def database_error(reason: str, url: str | None) -> str:
    """A database error nothing above recognises: its first line, and where to look."""
    first = reason.strip().splitlines()[0] if reason.strip() else "?"
    return tr(
        "Cannot use the database {where}: {reason}. Check the --db address, that the server "
        "runs and that this computer may reach it.",
        where=_where(url),
        reason=first,
    )


def _have_zones() -> bool:
    from zoneinfo import available_timezones

    return bool(available_timezones())


def check_zone(name: str) -> str:
    """``name`` if it is a time zone this computer knows. An unknown name is a
    ``ValueError`` (the user's input: usage); no time zone database at all is an
    ``EnvironmentProblem``."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        if not _have_zones():
            raise EnvironmentProblem(no_zone_database(name)) from exc
        raise ValueError(unknown_zone(name)) from exc
    return name


# -- where, and who holds the lock --------------------------------------------------------


def sqlite_path(url: str | None) -> Path | None:
    """The file of a SQLite URL (``None`` for other databases and ``:memory:``)."""
    if not url or not url.lower().startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        database = make_url(url).database or ""
    except ArgumentError:
        return None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _where(url: str | None) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return _masked(url) if url else tr("the database")


def _masked(url: str) -> str:
    from .support.report import mask_url

    return mask_url(url)


def _pg_parts(url: str | None) -> tuple[str, str, str, str]:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url or "")
    except ArgumentError:
        return "?", "5432", "?", "?"
    return (
        parsed.host or "localhost",
        str(parsed.port or 5432),
        parsed.username or os.environ.get("PGUSER", "?"),
        parsed.database or "?",
    )


@dataclass(frozen=True)
class Holder:
    """A process that holds (or may hold) a SQLite file's write lock."""

    pid: int
    command: str
    wattdesk: bool

    def describe(self) -> str:
        if self.pid == os.getpid():
            return tr("this WattDesk itself (process {pid})", pid=self.pid)
        if self.wattdesk:
            return tr(
                "another WattDesk ({command}, process {pid})", command=self.command, pid=self.pid
            )
        return tr("process {pid} ({command})", pid=self.pid, command=self.command)


def lock_holders(path: Path, locks_file: Path = Path("/proc/locks")) -> list[Holder]:
    """Processes holding the write lock of the SQLite file ``path``: from the POSIX locks
    the kernel lists (Linux only; elsewhere, or when nothing is found, an empty list)."""
    if not sys.platform.startswith("linux"):
        return []
    targets: dict[tuple[int, int], str] = {}
    for kind, file in (("db", path), ("shm", Path(f"{path}-shm"))):
        try:
            st = file.stat()
        except OSError:
            continue
        targets[(st.st_dev, st.st_ino)] = kind
    try:
        lines = locks_file.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return []
    pids: list[int] = []
    for line in lines:
        parts = line.split()
        if "->" in parts or len(parts) < 8 or parts[1] != "POSIX" or parts[3] != "WRITE":
            continue
        try:
            pid, (major, minor, inode) = int(parts[4]), parts[5].split(":")
            start = int(parts[6])
            key = (os.makedev(int(major, 16), int(minor, 16)), int(inode))
        except ValueError:
            continue
        role = targets.get(key)
        writer = (role == "shm" and start == _WAL_WRITE_LOCK) or (
            role == "db" and _PENDING_BYTE <= start <= _PENDING_BYTE + 1
        )
        if writer and pid not in pids:
            pids.append(pid)
    return [_holder(pid) for pid in pids]


def _holder(pid: int) -> Holder:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return Holder(pid, "?", False)
    args = [a.decode(errors="replace") for a in raw.split(b"\0") if a]
    wattdesk_at = next(
        (i for i, a in enumerate(args) if a == "app" and i and args[i - 1] == "-m"), None
    )
    if wattdesk_at is None and args and Path(args[0]).name.lower().startswith("wattdesk"):
        wattdesk_at = 0
    if wattdesk_at is None:
        command = " ".join(" ".join(args).split())
        return Holder(pid, command[:80] + ("…" if len(command) > 80 else ""), False)
    words: list[str] = []
    skip = False
    for arg in args[wattdesk_at + 1 :]:  # the command's words: after global options
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif arg.startswith("-"):
            if words:
                break
        elif len(words) < 2:
            words.append(arg)
    return Holder(pid, " ".join(["wattdesk", *words]) if words else "WattDesk", True)
