"""The lease fence for everything a collector runs (issue 20, round 2).

A collector under a lease (``app.collector.lease``) runs more than its bus workers and its
writer: command expiry, the relay rules, the batch engine's tick, the supply timetables, the
load-control feed's cuts and restores, the billing runs and the message senders. Each of them
commits rows that act on the site (a command queued for a meter, a message marked sent, a
bill posted). A holder that lost the lease (paused past its expiry, cut off from the database
while another desk took over) must commit none of them, or the site would see two collectors
acting at once: a relay switched twice, a message sent twice.

Rather than a check in every one of those packages (which know nothing of leases and are
also used outside the collector), the collector hands them a ``FencedDatabase``: the same
engine and the same writers' lock, whose ``write()`` runs ``Lease.check`` as the first
statement of every write transaction. That is the writer's own check (holder + epoch, ``FOR
SHARE`` on PostgreSQL so a takeover waits for the transaction; the single writer on SQLite),
so a fenced write is ordered before a takeover or refused with ``LeaseLost`` and rolls back.
Reads are not fenced: reading is harmless, and a standby reads too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ..db import Database

Check = Callable[[Session], None]


class FencedDatabase(Database):
    """``inner`` with every ``write()`` checked by ``check`` (``Lease.check``) first.

    It shares the inner database's engine, pool and writers' locks (no second engine, no
    second lock), so a fenced write and an unfenced one queue as before. ``dispose()`` is a
    no-op: the inner database belongs to whoever opened it."""

    def __init__(self, inner: Database, check: Check) -> None:  # no super(): shared state
        self.__dict__.update(inner.__dict__)  # url, engine, the writers' locks: the same objects
        self.inner = inner
        self.check = check

    @contextmanager
    def write(self) -> Iterator[Session]:
        with super().write() as session:
            self.check(session)  # LeaseLost: nothing of this transaction is committed
            yield session

    def dispose(self) -> None:
        """The inner database is not ours to close."""


def fenced(db: Database, check: Check | None) -> Database:
    """``db`` fenced by ``check``, or ``db`` itself when there is no lease to check."""
    if check is None:
        return db
    if isinstance(db, FencedDatabase):
        db = db.inner
    return FencedDatabase(db, check)


def unfenced(db: Database) -> Database:
    """The database under a fence (for the writer and the executor, which check the lease
    themselves inside their own transactions)."""
    return db.inner if isinstance(db, FencedDatabase) else db
