"""Alembic, driven from code: the schema is upgraded in place on ``init`` and on GUI start."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util.exc import CommandError

from .db import Database
from .errors import EnvironmentProblem, schema_too_new, sqlite_path

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaTooNewError(EnvironmentProblem):
    """The database was written by a newer WattDesk than this one: the fix is to update
    WattDesk, never to touch the database (an environment problem, CLI exit 3)."""


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    cfg.attributes["database"] = db
    return cfg


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory(str(MIGRATIONS)).get_revision(revision) is not None
    except (ResolutionError, CommandError):
        return False


def upgrade(db: Database, revision: str = "head") -> None:
    """Upgrade the schema to ``revision``; refuse a database from a newer release."""
    current = current_revision(db)
    if current is not None and not _known(current):
        from .support.report import mask_url

        where = str(sqlite_path(db.url) or mask_url(db.url))
        raise SchemaTooNewError(schema_too_new(where, current, head_revision()))
    if current is not None and current == (head_revision() if revision == "head" else revision):
        # up to date: Alembic would still take the write lock (BEGIN IMMEDIATE) for nothing,
        # and a read-only command would fail as "locked" while another process writes
        return
    log.info("upgrading database schema from %s to %s", current, revision)
    command.upgrade(alembic_config(db), revision)
