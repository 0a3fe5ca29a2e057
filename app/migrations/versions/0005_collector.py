"""collector: billing progress, billed intervals, relay control, change counter

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00

Plain column types only (energy as BigInteger in 0.01 kWh, timestamps with time zone), so
this revision never depends on today's Python types.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "collector_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.Column("heartbeat_at", TS, nullable=True),
        sa.Column("workstation", sa.String(length=60), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collector_status")),
    )
    op.create_table(
        "meter_billing",
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("last_ts", TS, nullable=False),
        sa.Column("last_total", sa.BigInteger(), nullable=False),
        sa.Column("last_bands", sa.JSON(), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_kwh", sa.String(length=60), nullable=False),
        sa.Column("exact_yuan", sa.String(length=60), nullable=False),
        sa.Column("charged_fen", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meter.id"],
            name=op.f("fk_meter_billing_meter_id_meter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meter_id", name=op.f("pk_meter_billing")),
    )
    op.create_table(
        "meter_charge",
        sa.Column("id", BigId, nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("txn_id", BigId, nullable=True),
        sa.Column("slot", TS, nullable=False),
        sa.Column("start", TS, nullable=False),
        sa.Column("end", TS, nullable=False),
        sa.Column("kwh", sa.BigInteger(), nullable=False),
        sa.Column("fen", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_meter_charge_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meter.id"],
            name=op.f("fk_meter_charge_meter_id_meter"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["ledger_txn.id"],
            name=op.f("fk_meter_charge_txn_id_ledger_txn"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_charge")),
        sa.UniqueConstraint("meter_id", "slot", name=op.f("uq_meter_charge_meter_id_slot")),
    )
    op.create_index(op.f("ix_meter_charge_meter_id"), "meter_charge", ["meter_id"], unique=False)
    op.create_table(
        "relay_control",
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("cut_reason", sa.String(length=16), nullable=True),
        sa.Column("rule", sa.String(length=60), nullable=False),
        sa.Column("cut_by", sa.String(length=60), nullable=False),
        sa.Column("cut_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meter.id"],
            name=op.f("fk_relay_control_meter_id_meter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meter_id", name=op.f("pk_relay_control")),
    )


def downgrade() -> None:
    op.drop_table("relay_control")
    op.drop_index(op.f("ix_meter_charge_meter_id"), table_name="meter_charge")
    op.drop_table("meter_charge")
    op.drop_table("meter_billing")
    op.drop_table("collector_status")
