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

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer WattDesk than this one."""


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
        raise SchemaTooNewError(
            f"The database schema ({current}) is newer than this WattDesk knows "
            f"({head_revision()}). Install the newer WattDesk that wrote it."
        )
    if current != revision:
        log.info("upgrading database schema from %s to %s", current, revision)
    command.upgrade(alembic_config(db), revision)
