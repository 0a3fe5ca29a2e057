"""messages: outbox, operator_contact, notify_template; tenant_contact language/kinds/opt-ins

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 11:00:00

Issue 18 (app/notify): the durable outbox, written in the transaction of the event that
causes a message; staff contacts; stored templates; a tenant contact's language, the message
kinds they want and their SMS / e-mail opt-ins (existing contacts: Chinese, nothing opted in).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("tenant_contact") as batch:
        batch.add_column(
            sa.Column("language", sa.String(8), nullable=False, server_default="zh_CN")
        )
        batch.add_column(sa.Column("kinds", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("sms", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("mail", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "operator_contact",
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("mobile", sa.String(20), nullable=False),
        sa.Column("email", sa.String(120), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("sms", sa.Boolean(), nullable=False),
        sa.Column("mail", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operator.id"],
            name=op.f("fk_operator_contact_operator_id_operator"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("operator_id", name=op.f("pk_operator_contact")),
    )
    op.create_table(
        "notify_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["operator.id"],
            name=op.f("fk_notify_template_updated_by_operator"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_template")),
        sa.UniqueConstraint("kind", "language", name=op.f("uq_notify_template_kind_language")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", BIG, nullable=False),
        sa.Column("key", sa.String(160), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("recipient", sa.String(120), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", UTC, nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(80), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("sent_at", UTC, nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'uncertain')",
            name=op.f("ck_outbox_status"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_outbox_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_outbox_room_id_room"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operator.id"],
            name=op.f("fk_outbox_operator_id_operator"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_outbox_event_id_event"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_index(op.f("ix_outbox_account_id"), "outbox", ["account_id"])
    op.create_index("ix_outbox_due", "outbox", ["status", "channel", "next_try_at"])
    op.create_index("ix_outbox_recipient", "outbox", ["recipient", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_recipient", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_index(op.f("ix_outbox_account_id"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("notify_template")
    op.drop_table("operator_contact")
    with op.batch_alter_table("tenant_contact") as batch:
        batch.drop_column("mail")
        batch.drop_column("sms")
        batch.drop_column("kinds")
        batch.drop_column("language")
