"""collector_lease, collector_standby: one collector owns the buses of a site

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 14:00:00

Issue 20 (several desks on one database, app/collector/lease.py): the lease row the
collector that owns the serial buses holds and renews, with an epoch that fences a holder
that lost it; the standbys waiting to take over (shown on every desk). Self-contained: the
integrator re-points ``down_revision`` when chaining 0017 (issue 19).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "collector_lease",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("epoch", BIG, nullable=False),
        sa.Column("beat", BIG, nullable=False),
        sa.Column("holder_id", sa.String(40), nullable=False),
        sa.Column("workstation", sa.String(60), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("ttl_s", sa.Float(), nullable=False),
        sa.Column("since", UTC, nullable=True),
        sa.Column("heartbeat_at", UTC, nullable=True),
        sa.Column("expires_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_collector_lease")),
    )
    op.create_table(
        "collector_standby",
        sa.Column("holder_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("workstation", sa.String(60), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("since", UTC, nullable=False),
        sa.Column("seen_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("holder_id", name=op.f("pk_collector_standby")),
    )


def downgrade() -> None:
    op.drop_table("collector_standby")
    op.drop_table("collector_lease")
