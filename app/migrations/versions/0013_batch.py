"""batch: batch, batch_item

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 07:30:00

Issue 17 (批量操作). A batch and its items, each item with its own state and the idempotency
key ``batch:<id>:<item>`` (unique) that its meter command or ledger posting carries, so a
resumed batch never repeats a finished item (``app.batch``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _status(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def _fk(
    table: str, column: str, target: str, ondelete: str = "RESTRICT"
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _batch() -> None:
    op.create_table(
        "batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("selection", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            _status(
                "batch_status",
                "approval",
                "queued",
                "scheduled",
                "running",
                "paused",
                "cancelled",
                "done",
            ),
            nullable=False,
        ),
        sa.Column("run_at", TS, nullable=False),
        sa.Column("repeat", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_login", sa.String(length=60), nullable=False),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("next_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        _fk("batch", "created_by", "operator"),
        _fk("batch", "approved_by", "operator"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch")),
    )


def _batch_item() -> None:
    op.create_table(
        "batch_item",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("meter_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column(
            "state",
            _status("batch_item_state", "queued", "sent", "done", "failed", "skipped", "cancelled"),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("command_id", BIG_ID, nullable=True),
        sa.Column("txn_id", BIG_ID, nullable=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        _fk("batch_item", "batch_id", "batch", "CASCADE"),
        _fk("batch_item", "room_id", "room"),
        _fk("batch_item", "meter_id", "meter"),
        _fk("batch_item", "account_id", "account"),
        _fk("batch_item", "command_id", "meter_command"),
        _fk("batch_item", "txn_id", "ledger_txn"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_item")),
        sa.UniqueConstraint("batch_id", "item_no", name=op.f("uq_batch_item_batch_id_item_no")),
        sa.UniqueConstraint("key", name=op.f("uq_batch_item_key")),
    )
    op.create_index("ix_batch_item_batch_state", "batch_item", ["batch_id", "state"])


def upgrade() -> None:
    _batch()
    _batch_item()


def downgrade() -> None:
    op.drop_index("ix_batch_item_batch_state", table_name="batch_item")
    op.drop_table("batch_item")
    op.drop_table("batch")
