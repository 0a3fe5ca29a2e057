"""time control: timetable, timetable_rule, timetable_holiday, timetable_transition

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 07:20:00

Issue 17 item 4 (时间控制). Self-contained: only its own tables. ``down_revision`` was "0012"
on this branch; the integrator re-chains it onto 0013 (batch tasks) at the merge. The unique
key of ``timetable_transition`` makes each transition execute once per meter, whichever
workstation gets there first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "timetable",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("scope_kind", sa.String(length=16), nullable=False),
        sa.Column("scope_ids", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("remarks", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("removed_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["operator.id"],
            name=op.f("fk_timetable_created_by_operator"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable")),
        sa.UniqueConstraint("name", name=op.f("uq_timetable_name")),
    )
    op.create_table(
        "timetable_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("timetable_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.SmallInteger(), nullable=False),
        sa.Column("off_at", sa.Time(), nullable=False),
        sa.Column("on_at", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["timetable_id"],
            ["timetable.id"],
            name=op.f("fk_timetable_rule_timetable_id_timetable"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable_rule")),
        sa.UniqueConstraint("timetable_id", "day", name=op.f("uq_timetable_rule_timetable_id_day")),
    )
    op.create_index(
        op.f("ix_timetable_rule_timetable_id"), "timetable_rule", ["timetable_id"], unique=False
    )
    op.create_table(
        "timetable_holiday",
        sa.Column("timetable_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("remark", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["timetable_id"],
            ["timetable.id"],
            name=op.f("fk_timetable_holiday_timetable_id_timetable"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("timetable_id", "day", name=op.f("pk_timetable_holiday")),
    )
    op.create_table(
        "timetable_transition",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("timetable_id", sa.Integer(), nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("kind", sa.String(length=3), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("command_id", BIG_ID, nullable=True),
        sa.Column("executed_at", TS, nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meter.id"],
            name=op.f("fk_timetable_transition_meter_id_meter"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["timetable_id"],
            ["timetable.id"],
            name=op.f("fk_timetable_transition_timetable_id_timetable"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable_transition")),
        sa.UniqueConstraint(
            "timetable_id",
            "meter_id",
            "at",
            "kind",
            name=op.f("uq_timetable_transition_timetable_id_meter_id_at_kind"),
        ),
    )
    op.create_index(op.f("ix_timetable_transition_meter_id"), "timetable_transition", ["meter_id"])
    op.create_index(
        op.f("ix_timetable_transition_timetable_id"), "timetable_transition", ["timetable_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_timetable_transition_timetable_id"), table_name="timetable_transition")
    op.drop_index(op.f("ix_timetable_transition_meter_id"), table_name="timetable_transition")
    op.drop_table("timetable_transition")
    op.drop_table("timetable_holiday")
    op.drop_index(op.f("ix_timetable_rule_timetable_id"), table_name="timetable_rule")
    op.drop_table("timetable_rule")
    op.drop_table("timetable")
