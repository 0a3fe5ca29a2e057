"""field packages: field_package (the laptop in the field, issue 20 item 2)

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-06 14:00:00

One self-contained table (app/models/field.py): a package file's identity and signature, and
the office's record of each export and its merge. The integrator re-points down_revision
when the migrations of issue 19 and the other parts of issue 20 are chained.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "field_package",
        sa.Column("package_id", sa.String(32), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("site_chain_id", sa.String(64), nullable=False),
        sa.Column("exported_at", UTC, nullable=False),
        sa.Column("exported_by", sa.String(60), nullable=False),
        sa.Column("buildings", sa.JSON(), nullable=False),
        sa.Column("office_ledger_seq", sa.Integer(), nullable=False),
        sa.Column("office_audit_seq", sa.Integer(), nullable=False),
        sa.Column("office_audit_hash", sa.String(64), nullable=False),
        sa.Column("receipt_prefix", sa.String(12), nullable=False),
        sa.Column("baseline", sa.JSON(), nullable=False),
        sa.Column("signature", sa.String(64), nullable=False),
        sa.Column("merged_at", UTC, nullable=True),
        sa.Column("merged_by", sa.String(60), nullable=True),
        sa.Column("merge_summary", sa.JSON(), nullable=True),
        sa.CheckConstraint("role IN ('package', 'export')", name=op.f("ck_field_package_role")),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_field_package")),
    )


def downgrade() -> None:
    op.drop_table("field_package")
