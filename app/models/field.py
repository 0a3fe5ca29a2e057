"""The laptop in the field (现场, issue 20 item 2), migration 0019: ``field_package``.

One table serves both sides. In a package file it holds one row (``role="package"``): the
package's identity (id, when and by whom it was exported, which buildings, the office's
ledger and audit heads at that moment, its receipt prefix) and the HMAC-SHA256 signature of
the exported rows. In the office database each export leaves a row (``role="export"``) that
``field merge`` finds by the package id: its ``merged_at`` is what makes merging the same
package twice change nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import UTCDateTime


class FieldPackage(Base):
    """A field package's identity: in the package itself, and the office's record of it."""

    __tablename__ = "field_package"
    __table_args__ = (CheckConstraint("role IN ('package', 'export')", name="role"),)
    package_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    site_chain_id: Mapped[str] = mapped_column(String(64))  # the office's audit chain id
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    exported_by: Mapped[str] = mapped_column(String(60))
    buildings: Mapped[list[Any]] = mapped_column(JSON)  # [{"id": 1, "name": "1号楼"}, ...]
    office_ledger_seq: Mapped[int] = mapped_column(default=0)
    office_audit_seq: Mapped[int] = mapped_column(default=0)
    office_audit_hash: Mapped[str] = mapped_column(String(64), default="")
    receipt_prefix: Mapped[str] = mapped_column(String(12))
    # what the export wrote into the package: ids up to these are the office's, not field work
    baseline: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    signature: Mapped[str] = mapped_column(String(64), default="")
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    merged_by: Mapped[str | None] = mapped_column(String(60), default=None)
    merge_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
