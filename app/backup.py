"""Backup and restore of the embedded SQLite database, verified and audited.

Backup copies a *live* database with SQLite's online backup API in a single step: in WAL
mode that is one read transaction, so the copy is a consistent snapshot of everything
committed before it started, while other threads and processes go on writing. Copying the
file with the file system would not be (a commit half in the WAL, half in the main file).
The copy is written to ``*.part``, switched to a single self-contained file (journal mode
DELETE), checked with ``PRAGMA integrity_check`` and only then renamed into place; the
oldest automatic backups beyond the last N are removed.

Restore refuses a file that fails the integrity check, is not a WattDesk database, has a
schema newer than this program, or whose audit chain is broken. It records the restore in
the current database, keeps that database aside (``*.replaced-<time>.sqlite``), copies the
backup into place through SQLite (so open connections see the change atomically), upgrades
an older schema, and records the restore again in the restored database, so both sides of
the switch carry the fact.

PostgreSQL is backed up by its own tools (``pg_dump``) on the server; these functions say so.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from alembic.script import ScriptDirectory
from alembic.util import CommandError

from .config import data_dir
from .db import BUSY_TIMEOUT_MS, Database
from .i18n import tr
from .migrate import MIGRATIONS, SchemaTooNewError, current_revision, head_revision, upgrade
from .models import Operator, Setting
from .models.base import utcnow
from .security import Actor, Permission, audit, authorize, require, system_actor, verify_chain

log = logging.getLogger(__name__)

DEFAULT_KEEP = 14
SETTING_KEEP = "backup.keep"
SETTING_DIR = "backup.dir"
SETTING_DAILY_AT = "backup.daily_at"
NAME_FORMAT = "wattdesk-%Y%m%dT%H%M%S.%fZ.sqlite"
NAME_RE = re.compile(r"^wattdesk-(\d{8})T\d{6}\.\d{6}Z\.sqlite$")


class BackupError(RuntimeError):
    """A backup or restore was refused or failed; the message is for the user."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    seconds: float
    pruned: list[Path] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    replaced_kept_at: Path
    schema_of_backup: str
    schema_now: str
    audit_rows: int


def backup_dir() -> Path:
    """Where automatic backups go by default: ``<data dir>/backups``."""
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True, slots=True)
class BackupPolicy:
    """The site's backup schedule (``backup.*`` settings; edited in the settings window).

    ``daily_at`` is the site-local time of the daily automatic backup, ``None`` for no
    automatic backup; ``directory`` empty means ``backup_dir()``; ``keep`` automatic backups
    are kept in that folder, older ones are deleted.
    """

    daily_at: clock_time | None = clock_time(0, 0)
    directory: str = ""
    keep: int = DEFAULT_KEEP

    def folder(self) -> Path:
        if not self.directory:
            return backup_dir()
        path = Path(self.directory)
        path.mkdir(parents=True, exist_ok=True)
        return path


def _parse_daily_at(value: Any) -> clock_time | None:
    if value in (None, "", "off"):
        return None
    hh, mm = str(value).split(":")
    return clock_time(int(hh), int(mm))


def load_backup_policy(session: Any) -> BackupPolicy:
    """The stored policy; a missing or malformed value falls back to its default."""
    base = BackupPolicy()
    rows = {k: session.get(Setting, k) for k in (SETTING_KEEP, SETTING_DIR, SETTING_DAILY_AT)}
    keep = rows[SETTING_KEEP].value if rows[SETTING_KEEP] is not None else base.keep
    directory = rows[SETTING_DIR].value if rows[SETTING_DIR] is not None else ""
    daily_at = base.daily_at
    if rows[SETTING_DAILY_AT] is not None:
        try:
            daily_at = _parse_daily_at(rows[SETTING_DAILY_AT].value)
        except (TypeError, ValueError):
            log.error("malformed %s setting: using %s", SETTING_DAILY_AT, base.daily_at)
    return BackupPolicy(
        daily_at=daily_at,
        directory=directory if isinstance(directory, str) else "",
        keep=keep if isinstance(keep, int) and keep >= 1 else base.keep,
    )


def sqlite_file(db: Database) -> Path:
    if not db.is_sqlite:
        raise BackupError(
            tr(
                "This database is on a PostgreSQL server: back it up there with pg_dump "
                "(the server's administrator does this)."
            )
        )
    name = db.engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError(tr("Only a database file can be backed up."))
    return Path(name)


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a file: empty when it is sound."""
    if not path.is_file():
        return [tr("no such file: {path}", path=path)]
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # pragma: no cover - directories cannot be fsynced on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _online_copy(source: Path, target: Path) -> None:
    """Copy a live database with the backup API (one step = one consistent snapshot)."""
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
        dst.commit()
    finally:
        dst.close()
        src.close()


def backup_policy(db: Database) -> BackupPolicy:
    with db.read() as session:
        return load_backup_policy(session)


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete the oldest automatic backups in ``directory`` beyond the newest ``keep``."""
    files = sorted(p for p in directory.iterdir() if NAME_RE.match(p.name))
    doomed = files[:-keep] if keep > 0 else files
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup(
    db: Database,
    actor: Actor | None = None,
    *,
    to: Path | None = None,
    keep: int | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Take a verified online backup; audited in ``db``.

    ``to`` is a directory (an automatic name is used and old backups there are pruned to
    ``keep``) or a new file name (written exactly there, nothing pruned). By default the
    backup goes to the policy's folder (``backup.dir``, else ``backup_dir()``) and ``keep``
    comes from the ``backup.keep`` setting.
    """
    actor = actor or system_actor()
    require(actor, Permission.BACKUP)
    source = sqlite_file(db)
    started = time.perf_counter()
    stamp = (now or utcnow()).astimezone(UTC)
    policy = backup_policy(db)
    keep = policy.keep if keep is None else keep
    if to is None or to.is_dir():
        directory = to or policy.folder()
        target = directory / stamp.strftime(NAME_FORMAT)
        automatic = True
    else:
        target, directory, automatic = to, to.parent, False
        directory.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(tr("{path} already exists; choose another name.", path=target))
    if target.resolve() == source.resolve():
        raise BackupError(tr("A backup cannot overwrite the database itself."))
    part = target.with_name(target.name + ".part")
    try:
        _online_copy(source, part)
        problems = integrity_problems(part)
        if problems:
            raise BackupError(
                tr("The copy failed the integrity check: {problems}", problems="; ".join(problems))
            )
        os.replace(part, target)
        _fsync_dir(directory)
    except (OSError, sqlite3.Error, BackupError) as exc:
        part.unlink(missing_ok=True)
        with db.write() as session:
            audit.record(
                session, actor, "backup.failed", f"file:{target}", extra={"error": str(exc)}
            )
        if isinstance(exc, BackupError):
            raise
        raise BackupError(tr("The backup failed: {error}", error=exc)) from exc
    size = target.stat().st_size
    digest = _sha256(target)
    pruned = prune(directory, keep) if automatic else []
    with db.write() as session:
        authorize(session, actor, Permission.BACKUP)
        audit.record(
            session,
            actor,
            "backup",
            f"file:{target}",
            after={"size": size, "sha256": digest},
            extra={"pruned": [p.name for p in pruned]} if pruned else None,
        )
    seconds = time.perf_counter() - started
    log.info("backup %s (%d bytes) in %.2f s", target, size, seconds)
    return BackupResult(target, size, digest, seconds, pruned)


def last_slot(now: datetime, at: clock_time, zone: ZoneInfo) -> datetime:
    """The latest moment at or before ``now`` when the clock in ``zone`` showed ``at``."""
    local = now.astimezone(zone)
    slot = datetime.combine(local.date(), at, tzinfo=zone)
    if slot > local:
        slot = datetime.combine(local.date() - timedelta(days=1), at, tzinfo=zone)
    return slot.astimezone(UTC)


def backup_due(
    directory: Path | None = None,
    now: datetime | None = None,
    *,
    at: clock_time = clock_time(0, 0),
    zone: ZoneInfo | None = None,
) -> bool:
    """True when ``directory`` has no automatic backup taken since the last time the clock
    (in ``zone``, UTC by default) showed ``at``: a backup missed while the workstation was
    off is taken at the next start, and at most one a day."""
    directory = directory or backup_dir()
    if not directory.is_dir():
        return True
    since = last_slot((now or utcnow()).astimezone(UTC), at, zone or ZoneInfo("UTC"))
    for p in directory.iterdir():
        if NAME_RE.match(p.name):
            taken = datetime.strptime(p.name, NAME_FORMAT).replace(tzinfo=UTC)
            if taken >= since:
                return False
    return True


def daily_backup(
    db: Database,
    actor: Actor | None = None,
    *,
    zone: ZoneInfo | None = None,
    now: datetime | None = None,
) -> BackupResult | None:
    """The GUI's automatic backup, on the stored schedule (``BackupPolicy``): take one when
    it is due, nothing when the schedule is off. Run it off the GUI thread."""
    if not db.is_sqlite:
        return None
    policy = backup_policy(db)
    if policy.daily_at is None:
        return None
    if not backup_due(policy.folder(), now, at=policy.daily_at, zone=zone):
        return None
    return backup(db, actor, now=now)


# --------------------------------------------------------------------------- restore


def schema_of(path: Path) -> str:
    """The Alembic revision stored in a database file; ``BackupError`` if it has none."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        message = tr("{path} is not a WattDesk database ({error}).", path=path, error=exc)
        raise BackupError(message) from exc
    if row is None:
        raise BackupError(tr("{path} is not a WattDesk database (no schema version).", path=path))
    return str(row[0])


def _has_table(path: Path, name: str) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return row.fetchone() is not None
    finally:
        con.close()


def check_restorable(path: Path) -> str:
    """Every refusal of ``restore`` that does not need the live database; returns the schema."""
    problems = integrity_problems(path)
    if problems:
        raise BackupError(
            tr(
                "{path} fails the integrity check and was not restored: {problems}",
                path=path,
                problems="; ".join(problems[:5]),
            )
        )
    revision = schema_of(path)
    script = ScriptDirectory(str(MIGRATIONS))
    try:
        known = script.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise SchemaTooNewError(
            tr(
                "{path} was written by a newer WattDesk (schema {revision}; this one knows "
                "{head}). Install the newer WattDesk to restore it.",
                path=path,
                revision=revision,
                head=head_revision(),
            )
        )
    if _has_table(path, "audit_head"):
        candidate = Database(f"sqlite:///{path}")
        try:
            result = verify_chain(candidate)
        finally:
            candidate.dispose()
        if not result.ok:
            raise BackupError(
                tr(
                    "{path} was not restored: its audit log is broken. {summary}",
                    path=path,
                    summary=result.summary(),
                )
            )
    return revision


def restore(db: Database, path: Path, actor: Actor | None = None) -> RestoreResult:
    """Replace the database behind ``db`` with the backup at ``path`` (see module docstring).

    Close other WattDesk windows on this database first: what they write after the copy
    point is in the replaced file kept aside, not in the restored one.
    """
    actor = actor or system_actor()
    require(actor, Permission.RESTORE)
    live = sqlite_file(db)
    path = path.resolve()
    if path == live.resolve():
        raise BackupError(tr("A database cannot be restored from itself."))
    revision = check_restorable(path)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    aside = live.with_name(f"{live.stem}.replaced-{stamp}{live.suffix}")
    _, old_seq, old_hash = audit.chain_head(db)
    with db.write() as session:
        authorize(session, actor, Permission.RESTORE)
        audit.record(
            session,
            actor,
            "restore.replaced",
            f"file:{path}",
            extra={"kept_at": str(aside), "backup_schema": revision},
        )
    _online_copy(live, aside)
    db.dispose()
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(live, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = WAL")
    finally:
        dst.close()
        src.close()
    db.dispose()
    upgrade(db)
    problems = integrity_problems(live)
    if problems:  # pragma: no cover - the source was checked; this would be a disk fault
        raise BackupError(tr("The restored database fails the integrity check: {p}", p=problems))
    with db.write() as session:
        extra: dict[str, object] = {
            "kept_at": str(aside),
            "backup_schema": revision,
            "replaced_head": {"seq": old_seq, "hash": old_hash},
        }
        restorer = actor
        if actor.operator_id is not None:
            op = session.get(Operator, actor.operator_id)
            if op is None or op.login != actor.login:
                # The backup predates this operator: keep the name, drop the dangling link.
                restorer = replace(actor, operator_id=None)
                extra["operator_not_in_backup"] = True
        audit.record(session, restorer, "restore", f"file:{path}", extra=extra)
    rows = audit.chain_head(db)[1]
    return RestoreResult(path, aside, revision, current_revision(db) or "", rows)
