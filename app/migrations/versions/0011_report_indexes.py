"""report indexes: ledger_txn (kind, created_at)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 04:15:00

The money reports (orders, income) read the counter's transactions of a period: ``kind IN
(...)`` and a range on ``created_at``. Without an index every report scans the whole journal;
with (kind, created_at) it reads the period of the kinds it wants and skips the energy
charges (one per meter per reading interval, by far the most rows).
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_ledger_txn_kind_created_at", "ledger_txn", ["kind", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_txn_kind_created_at", table_name="ledger_txn")
