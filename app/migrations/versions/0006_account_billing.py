"""account billing: tier period and base allowance per account, not per meter (一户多表)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 15:00:00

A household with two meters climbs the tiers with the sum of both, and its base allowance
(基础电量) is shared by both, so the tier period state moves from ``meter_billing`` (one
row per meter) to ``account_billing`` (one row per account). The meter keeps its rounding
state (``exact_yuan``, ``charged_fen``). Existing progress is carried over: an account's
period is its meters' latest period and its kWh the sum over the meters in that period.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_billing",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_kwh", sa.String(length=60), nullable=False),
        sa.Column("free_kwh", sa.String(length=60), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_account_billing_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_billing")),
    )
    _carry_over()
    with op.batch_alter_table("meter_billing") as batch:
        batch.drop_column("period")
        batch.drop_column("period_kwh")


def _carry_over() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT r.account_id, b.period, b.period_kwh, b.updated_at FROM meter_billing b "
            "JOIN meter m ON m.id = b.meter_id JOIN room r ON r.id = m.room_id "
            "WHERE r.account_id IS NOT NULL AND b.period <> ''"
        )
    ).all()
    best: dict[int, tuple[tuple[int, ...], Decimal, object]] = {}
    for account_id, period, kwh, updated in rows:
        key = tuple(int(x) for x in period.split("-"))
        seen = best.get(account_id)
        if seen is None or key > seen[0]:
            best[account_id] = (key, Decimal(kwh), updated)
        elif key == seen[0]:
            best[account_id] = (key, seen[1] + Decimal(kwh), max(seen[2], updated))
    if best:  # raw values: the timestamps go back exactly as they were stored
        bind.execute(
            sa.text(
                "INSERT INTO account_billing (account_id, period, period_kwh, free_kwh, "
                "updated_at) VALUES (:account, :period, :kwh, '0', :updated)"
            ),
            [
                {
                    "account": account_id,
                    "period": "-".join(str(x) for x in key),
                    "kwh": str(kwh),
                    "updated": updated,
                }
                for account_id, (key, kwh, updated) in best.items()
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("meter_billing") as batch:
        batch.add_column(
            sa.Column("period", sa.String(length=16), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("period_kwh", sa.String(length=60), nullable=False, server_default="0")
        )
    op.drop_table("account_billing")
