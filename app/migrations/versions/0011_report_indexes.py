"""report indexes: ledger_txn.created_at

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 04:15:00

The money reports (orders, income) read the transactions of a period: a range on
``ledger_txn.created_at``. Without an index every report scans the whole journal (energy
charges included, one per meter per interval); with it the cost follows the period.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_ledger_txn_created_at", "ledger_txn", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_ledger_txn_created_at", table_name="ledger_txn")
