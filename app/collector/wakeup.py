"""How the dispatcher hears of a command that another process queued on the same database.

In this process ``Collector.wake()`` is enough. A desk without a collector of its own only
writes the ``meter_command`` row, and the collector's dispatcher used to notice it at its
next ``command_poll`` (0.25 s: longer than five Modbus transactions at 9600 baud). So the
dispatcher waits on the database's own notification where it has one:

- **PostgreSQL**: inserting a command sends ``NOTIFY wattdesk_command`` in the inserting
  transaction (``app.models.ledger``, delivered at commit); ``PostgresWatch`` LISTENs on a
  connection of its own and returns as soon as one arrives.
- **SQLite** has no notification between processes. ``SqliteWatch`` keeps the poll but makes
  it cheap enough to run every ``command_watch`` s: ``PRAGMA data_version`` on a dedicated
  read-only connection changes only when another connection committed, and costs no table
  read; only then is ``max(meter_command.id)`` looked at (the primary key: one index seek).

Either way ``wait()`` also returns on the in-process wake event and after ``timeout``, so
expiries and the relay rules keep their rhythm. A watch that cannot be set up (an in-memory
database, a driver without notifications) falls back to waiting on the event alone.
"""

from __future__ import annotations

import logging
import select
import sqlite3
import threading
import time
from typing import Any

from ..db import Database

log = logging.getLogger(__name__)
CHANNEL = "wattdesk_command"


class EventWatch:
    """No database notification: the in-process wake and the timeout only."""

    def wait(self, timeout: float, wake: threading.Event) -> bool:
        """Until ``wake`` is set, a new command is seen, or ``timeout``; True unless timed out."""
        return wake.wait(timeout)

    def close(self) -> None:
        return None


class SqliteWatch(EventWatch):
    def __init__(self, path: str, period: float) -> None:
        self.period = period
        self._conn = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        self._version = self._data_version()
        self._top = self._max_id()
        self.looks = 0  # how often the table itself was read (the bench prints it)

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _max_id(self) -> int:
        row = self._conn.execute("SELECT coalesce(max(id), 0) FROM meter_command").fetchone()
        return int(row[0])

    def new_command(self) -> bool:
        version = self._data_version()
        if version == self._version:
            return False
        self._version = version
        self.looks += 1
        top = self._max_id()
        grew, self._top = top > self._top, max(top, self._top)
        return grew

    def wait(self, timeout: float, wake: threading.Event) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if wake.wait(min(self.period, left)):
                return True
            try:
                if self.new_command():
                    return True
            except sqlite3.Error as exc:  # busy or locked for a moment: the poll catches up
                log.debug("command watch: %s", exc)

    def close(self) -> None:
        self._conn.close()


class PostgresWatch(EventWatch):
    def __init__(self, conninfo: str, period: float) -> None:
        import psycopg  # the PostgreSQL driver of postgresql+psycopg:// URLs

        self.period = period
        self._conn: Any = psycopg.connect(conninfo, autocommit=True)
        self._heard: list[object] = []
        self._conn.add_notify_handler(self._heard.append)
        self._conn.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float, wake: threading.Event) -> bool:
        deadline = time.monotonic() + timeout
        fd = self._conn.fileno()
        while True:
            if self._heard:
                self._heard.clear()
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if wake.is_set():
                return True
            # the socket wakes us for a NOTIFY; the slice bounds the in-process wake's delay
            ready, _, _ = select.select([fd], [], [], min(self.period, left))
            if ready:
                self._conn.execute("SELECT 1")  # reads what arrived; handlers are called

    def close(self) -> None:
        self._conn.close()


def open_watch(db: Database, period: float) -> EventWatch:
    """The best watch this database offers (never raises: the poll is the fallback)."""
    url = db.engine.url  # as the engine connects (a plain postgresql:// is psycopg)
    try:
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                return SqliteWatch(url.database, period)
        elif url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg":
            conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
            return PostgresWatch(conninfo, period)
    except Exception:  # any driver's failure: fall back to polling
        log.warning("no database notification for commands; polling", exc_info=True)
    return EventWatch()
