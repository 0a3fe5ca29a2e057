"""Locks for check-then-insert steps that have no row to lock yet (PostgreSQL).

On SQLite a write transaction holds the whole database (``BEGIN IMMEDIATE``), so "look, then
insert if absent" is safe by itself. On PostgreSQL two desks run such steps side by side:
both find no row with this idempotency key, both insert, and the second fails on the unique
index with an IntegrityError instead of getting the first one's receipt back; both read
``max(id)`` and take the same next account number; both find no open shift and open two.
Where a row exists, a service locks it (``SELECT ... FOR UPDATE``: the account, the meter,
the receipt counter, the refund request); where it does not yet, ``serialize`` takes a
transaction-scoped advisory lock on a name instead, released at commit or rollback. After
the lock, PostgreSQL's READ COMMITTED gives each later statement a fresh snapshot, so the
second desk sees what the first committed.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def serialize(session: Session, *name: object) -> None:
    """Wait until no other transaction holds the lock ``name``; hold it until this one ends.

    A no-op on SQLite, whose write lock already covers the database. Different names that
    hash alike only wait for each other, never lose anything.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    key = "\x1f".join(str(part) for part in name)
    session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
