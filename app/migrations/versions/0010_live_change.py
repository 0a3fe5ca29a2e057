"""live change counter: live_counter (one row) and live_change (rooms per commit)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 01:30:00

A second workstation reads only the rooms that changed since the counter value it last saw
(``app.livechange``). The counter row is created here, so the first writer never races
another to insert it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    counter = op.create_table(
        "live_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_counter")),
    )
    op.create_table(
        "live_change",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("rooms", sa.JSON(), nullable=False),
        sa.Column("everything", sa.Boolean(), nullable=False),
        sa.Column("collector", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_live_change")),
    )
    op.bulk_insert(counter, [{"id": 1, "seq": 0}])


def downgrade() -> None:
    op.drop_table("live_change")
    op.drop_table("live_counter")
