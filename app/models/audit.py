"""The audit log (操作日志): who did what, when, where, to what, with before/after.

Two tables:

* ``audit_log`` is append-only. Database triggers (migration 0003) reject UPDATE and DELETE
  on SQLite and PostgreSQL, so a bug or a careless SQL console cannot rewrite history.
  Triggers do not stop someone who has the file itself: for that every row carries
  ``hash = HMAC(key, previous hash || canonical row)`` with the key in the OS keyring, and
  ``audit verify`` recomputes the chain.
* ``audit_head`` is a single row naming the chain (``chain_id``, which keys the secret in the
  keyring), its last sequence number and hash, and a MAC over those. It is the row writers
  lock (``SELECT ... FOR UPDATE`` on PostgreSQL) so that two workstations never fork the
  chain, and it is what makes cutting rows off the *end* of the log detectable.

``id`` is not autoincremented: the writer assigns head.seq + 1 under the lock, so ids are
gap-free (a PostgreSQL sequence would skip numbers on rollback and hide a deleted row).
``detail`` is stored as canonical JSON text, not a JSON column, because the bytes that were
hashed must come back byte for byte (PostgreSQL's JSONB would reorder keys).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base
from .types import BigId, UTCDateTime


class AuditEntry(Base):
    """One audited state change. Never updated, never deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_ts", "ts"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id", ondelete="RESTRICT"))
    actor: Mapped[str] = mapped_column(String(60))
    workstation: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single chain-head row (id 1): lock point and anchor against tail truncation."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    chain_id: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))
