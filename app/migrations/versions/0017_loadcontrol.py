"""load control: settings, whitelists, learning, load events, room state, restores

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 13:16:04

Issue 19 (app/loadcontrol, rules side): what the load rules keep. The pending automatic
restore's due time is in ``load_room`` (a collector restart keeps it) and ``load_restore``'s
unique ``event_id`` makes one load cut given back once, whichever desk is first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "load_learning",
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_load_learning_room_id_room"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["started_by"],
            ["operator.id"],
            name=op.f("fk_load_learning_started_by_operator"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_load_learning")),
    )
    op.create_table(
        "load_restore",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column(
            "command_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("by", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_load_restore_room_id_room"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_load_restore")),
        sa.UniqueConstraint("event_id", name=op.f("uq_load_restore_event_id")),
    )
    with op.batch_alter_table("load_restore", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_load_restore_room_id"), ["room_id"], unique=False)

    op.create_table(
        "load_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("restore_delay_s", sa.Integer(), nullable=False),
        sa.Column("restore_limit", sa.Integer(), nullable=False),
        sa.Column("restore_period", sa.String(length=8), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
            name=op.f("fk_load_settings_building_id_building"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_load_settings_room_id_room"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["operator.id"],
            name=op.f("fk_load_settings_updated_by_operator"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_load_settings")),
        sa.UniqueConstraint(
            "building_id", "room_id", name=op.f("uq_load_settings_building_id_room_id")
        ),
    )
    with op.batch_alter_table("load_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_load_settings_building_id"), ["building_id"], unique=False
        )

    op.create_table(
        "load_whitelist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("signature", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["operator.id"],
            name=op.f("fk_load_whitelist_added_by_operator"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
            name=op.f("fk_load_whitelist_building_id_building"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["room.id"],
            name=op.f("fk_load_whitelist_room_id_room"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_load_whitelist")),
    )
    with op.batch_alter_table("load_whitelist", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_load_whitelist_building_id"), ["building_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_load_whitelist_room_id"), ["room_id"], unique=False)

    op.create_table(
        "load_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=False),
        sa.Column("appliance", sa.String(length=60), nullable=False),
        sa.Column("meter_event", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("delta_w", sa.Float(), nullable=True),
        sa.Column("power_factor", sa.Float(), nullable=True),
        sa.Column("before_w", sa.Float(), nullable=True),
        sa.Column("after_w", sa.Float(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column(
            "command_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meter.id"],
            name=op.f("fk_load_event_meter_id_meter"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_load_event_room_id_room"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_load_event")),
    )
    with op.batch_alter_table("load_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_load_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_load_event_meter_id"), ["meter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_load_event_room_id"), ["room_id"], unique=False)

    op.create_table(
        "load_room",
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=True),
        sa.Column(
            "cut_event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("cut_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("restore_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("restores", sa.Integer(), nullable=False),
        sa.Column("needs_manager", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meter.id"],
            name=op.f("fk_load_room_meter_id_meter"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_load_room_room_id_room"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_load_room")),
    )
    with op.batch_alter_table("load_room", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_load_room_restore_due_at"), ["restore_due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("load_room", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_load_room_restore_due_at"))

    op.drop_table("load_room")
    with op.batch_alter_table("load_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_load_event_room_id"))
        batch_op.drop_index(batch_op.f("ix_load_event_meter_id"))
        batch_op.drop_index(batch_op.f("ix_load_event_at"))

    op.drop_table("load_event")
    with op.batch_alter_table("load_whitelist", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_load_whitelist_room_id"))
        batch_op.drop_index(batch_op.f("ix_load_whitelist_building_id"))

    op.drop_table("load_whitelist")
    with op.batch_alter_table("load_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_load_settings_building_id"))

    op.drop_table("load_settings")
    with op.batch_alter_table("load_restore", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_load_restore_room_id"))

    op.drop_table("load_restore")
    op.drop_table("load_learning")
