"""Bulk rows for the demo history: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

The history of a 10,000-room park is millions of readings; SQLAlchemy's insert machinery
costs several microseconds a row, the driver's own bulk path well under one. Rows go
through the session's own connection, so they are part of its transaction (the demo is
written all or nothing). Timestamps are given as aware datetimes and written the way the
``UTCDateTime`` column stores them: naive UTC text on SQLite (what SQLAlchemy writes, and
what the ledger chain and the audit log hash), ``timestamptz`` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

SQLITE_TS = "%Y-%m-%d %H:%M:%S.%f"
BIG_CACHE = -262_144  # KiB: 256 MiB while the history is written


class Bulk:
    """Raw bulk inserts through one session's connection."""

    def __init__(self, session: Session) -> None:
        self.session = session
        conn = session.connection()
        self.pg = conn.dialect.name == "postgresql"
        raw = conn.connection.driver_connection
        if raw is None:
            raise RuntimeError("the session's connection has no driver connection")
        self.raw: Any = raw
        self.rows_written = 0
        if not self.pg:  # the reading index of a big park outgrows SQLite's 2 MB page cache
            self.cache = self.raw.execute("PRAGMA cache_size").fetchone()[0]
            self.raw.execute(f"PRAGMA cache_size = {BIG_CACHE}")

    def close(self) -> None:
        """The connection's usual page cache again (it goes back to the pool)."""
        if not self.pg:
            self.raw.execute(f"PRAGMA cache_size = {int(self.cache)}")

    def ts(self, moment: datetime) -> Any:
        """A timestamp as this back end's driver takes it for a ``UTCDateTime`` column."""
        if self.pg:
            return moment.astimezone(UTC)
        return moment.astimezone(UTC).strftime(SQLITE_TS)

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        names = ", ".join(columns)
        if self.pg:
            count = 0
            with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            self.rows_written += count
            return
        marks = ", ".join("?" * len(columns))
        cur = self.raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        self.rows_written += max(cur.rowcount, 0)
