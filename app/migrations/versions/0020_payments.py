"""payments: online_payment, payer_link, payment_nonce

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-06 14:00:00

Issue 20 (app/payments): tenants who pay by WeChat Pay or Alipay themselves. Three new
tables, nothing else touched (the integrator re-points ``down_revision`` when chaining).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "online_payment",
        sa.Column("id", BIG, nullable=False),
        sa.Column("platform", sa.String(10), nullable=False),
        sa.Column("platform_txn", sa.String(64), nullable=False),
        sa.Column("refund_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("paid_at", UTC, nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("payer", sa.String(128), nullable=False),
        sa.Column("remark", sa.String(256), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("txn_id", BIG, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint(
            "platform IN ('wechat', 'alipay')", name=op.f("ck_online_payment_platform")
        ),
        sa.CheckConstraint("kind IN ('payment', 'refund')", name=op.f("ck_online_payment_kind")),
        sa.CheckConstraint(
            "status IN ('credited', 'unmatched', 'reported')",
            name=op.f("ck_online_payment_status"),
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_online_payment_amount_positive")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_online_payment_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["ledger_txn.id"],
            name=op.f("fk_online_payment_txn_id_ledger_txn"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_payment")),
        sa.UniqueConstraint(
            "platform",
            "platform_txn",
            "refund_id",
            name=op.f("uq_online_payment_platform_platform_txn_refund_id"),
        ),
    )
    op.create_index(
        op.f("ix_online_payment_account_id"), "online_payment", ["account_id"], unique=False
    )
    op.create_index("ix_online_payment_status", "online_payment", ["status", "platform"])
    op.create_index("ix_online_payment_paid", "online_payment", ["platform", "paid_at"])
    op.create_table(
        "payer_link",
        sa.Column("platform", sa.String(10), nullable=False),
        sa.Column("payer", sa.String(128), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("learned_from", sa.String(64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_payer_link_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("platform", "payer", name=op.f("pk_payer_link")),
    )
    op.create_table(
        "payment_nonce",
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("seen_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_payment_nonce")),
    )
    op.create_index(op.f("ix_payment_nonce_seen_at"), "payment_nonce", ["seen_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_payment_nonce_seen_at"), table_name="payment_nonce")
    op.drop_table("payment_nonce")
    op.drop_table("payer_link")
    op.drop_index("ix_online_payment_paid", table_name="online_payment")
    op.drop_index("ix_online_payment_status", table_name="online_payment")
    op.drop_index(op.f("ix_online_payment_account_id"), table_name="online_payment")
    op.drop_table("online_payment")
