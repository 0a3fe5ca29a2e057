"""accounts: status 'preset' (预设账户), account_preset, account_preset_room, tenant_contact

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 01:30:00

The account status CHECK gains ``preset``. On PostgreSQL the constraint is dropped and
created again. On SQLite a CHECK cannot be altered and the usual table rebuild cannot be
used: ``account`` is referenced (ON DELETE RESTRICT) by rooms, ledger entries, payments...,
and with ``foreign_keys=ON`` (which cannot be switched off inside the migration's
transaction) dropping the old table is refused. The CHECK is only *widened* (every stored
row still satisfies it), which SQLite documents as a change made by editing the table's
SQL in ``sqlite_schema`` under ``writable_schema`` and bumping ``schema_version``
(https://sqlite.org/lang_altertable.html, "making other kinds of table schema changes").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NARROW = "CHECK (status IN ('open', 'closed'))"
WIDE = "CHECK (status IN ('open', 'closed', 'preset'))"


def _sqlite_check(old: str, new: str) -> None:
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'account'"
    ).scalar_one()
    if new in sql:
        return
    if old not in sql:
        raise RuntimeError(f"account's status CHECK is not {old!r}: {sql}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'account'",
            (sql.replace(old, new),),
        )
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _status_check(values: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        wide = "preset" in values
        _sqlite_check(NARROW if wide else WIDE, WIDE if wide else NARROW)
        return
    op.drop_constraint(op.f("ck_account_account_status"), "account", type_="check")
    listed = ", ".join(f"'{v}'" for v in values)
    op.create_check_constraint(
        op.f("ck_account_account_status"), "account", f"status IN ({listed})"
    )


def upgrade() -> None:
    _status_check(("open", "closed", "preset"))
    op.create_table(
        "account_preset",
        sa.Column("account_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_account_preset_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["operator.id"],
            name=op.f("fk_account_preset_created_by_operator"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_preset")),
    )
    op.create_table(
        "account_preset_room",
        sa.Column("room_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_account_preset_room_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["room.id"],
            name=op.f("fk_account_preset_room_room_id_room"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_account_preset_room")),
    )
    op.create_index(
        op.f("ix_account_preset_room_account_id"), "account_preset_room", ["account_id"]
    )
    op.create_table(
        "tenant_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("may_pay", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
            name=op.f("fk_tenant_contact_tenant_id_tenant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenant_contact")),
    )
    op.create_index(op.f("ix_tenant_contact_tenant_id"), "tenant_contact", ["tenant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_tenant_contact_tenant_id"), table_name="tenant_contact")
    op.drop_table("tenant_contact")
    op.drop_index(op.f("ix_account_preset_room_account_id"), table_name="account_preset_room")
    op.drop_table("account_preset_room")
    op.drop_table("account_preset")
    if (
        op.get_bind()
        .exec_driver_sql("SELECT count(*) FROM account WHERE status = 'preset'")
        .scalar_one()
    ):
        raise RuntimeError("pre-set accounts exist: open or remove them before downgrading")
    _status_check(("open", "closed"))
