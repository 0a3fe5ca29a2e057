"""meter_state: per-phase voltage, current and active power of three-phase meters

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 14:00:00

Nine nullable integer columns, the units of the single-phase ones (0.1 V, mA, W):
``voltage_a_dv`` .. ``voltage_c_dv``, ``current_a_ma`` .. ``current_c_ma``, ``power_a_w`` ..
``power_c_w``. Single-phase meters leave them NULL; existing rows need no data change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = tuple(
    f"{quantity}_{phase}_{unit}"
    for quantity, unit in (("voltage", "dv"), ("current", "ma"), ("power", "w"))
    for phase in ("a", "b", "c")
)


def upgrade() -> None:
    with op.batch_alter_table("meter_state") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meter_state") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
