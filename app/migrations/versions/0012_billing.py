"""billing: apportion_scheme, fee_item, billing_run, billing_line, bill

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:45:00

Issue 16 (公摊 + 自定义收费). Schemes and fee items keep their rules as validated JSON
(``app.billing.schemes`` / ``app.billing.fees``). A run is posted once per (source, period):
the partial unique index ``uq_billing_run_posted`` (SQLite and PostgreSQL) allows a reversed
run and a new posted one for the same period, never two posted ones. Bills take their gap-free
number from the ``counter`` row ``bill``, created here so that the first run never races
another to insert it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _operator_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["operator.id"], name=op.f(f"fk_{table}_{column}_operator"), ondelete="RESTRICT"
    )


def _definition_table(name: str) -> None:
    """apportion_scheme and fee_item have the same shape."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        _operator_fk(name, "created_by"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("name", name=op.f(f"uq_{name}_name")),
    )


def _billing_run() -> None:
    op.create_table(
        "billing_run",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "posted",
                "reversed",
                name="billing_run_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("workstation", sa.String(length=60), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("reversed_at", TS, nullable=True),
        sa.Column("reversed_by", sa.Integer(), nullable=True),
        sa.Column("reverse_reason", sa.String(length=200), nullable=False),
        _operator_fk("billing_run", "operator_id"),
        _operator_fk("billing_run", "reversed_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_run")),
    )
    op.create_index(
        "uq_billing_run_posted",
        "billing_run",
        ["source", "period"],
        unique=True,
        sqlite_where=sa.text("status = 'posted'"),
        postgresql_where=sa.text("status = 'posted'"),
    )


def _bill() -> None:
    op.create_table(
        "bill",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("run_id", BIG_ID, nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("paid_fen", sa.BigInteger(), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "paid",
                "cancelled",
                name="bill_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("paid_at", TS, nullable=True),
        sa.Column("memo", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_bill_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["billing_run.id"],
            name=op.f("fk_bill_run_id_billing_run"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bill")),
        sa.UniqueConstraint("number", name=op.f("uq_bill_number")),
    )
    op.create_index(op.f("ix_bill_account_id"), "bill", ["account_id"])
    op.create_index(op.f("ix_bill_run_id"), "bill", ["run_id"])


def _billing_line() -> None:
    op.create_table(
        "billing_line",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("run_id", BIG_ID, nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kwh", sa.BigInteger(), nullable=True),
        sa.Column("fen", sa.BigInteger(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("txn_id", BIG_ID, nullable=True),
        sa.Column("bill_id", BIG_ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["billing_run.id"],
            name=op.f("fk_billing_line_run_id_billing_run"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_billing_line_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["ledger_txn.id"],
            name=op.f("fk_billing_line_txn_id_ledger_txn"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["bill_id"],
            ["bill.id"],
            name=op.f("fk_billing_line_bill_id_bill"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_line")),
    )
    op.create_index(op.f("ix_billing_line_run_id"), "billing_line", ["run_id"])
    op.create_index(op.f("ix_billing_line_account_id"), "billing_line", ["account_id"])


def upgrade() -> None:
    _definition_table("apportion_scheme")
    _definition_table("fee_item")
    _billing_run()
    _bill()
    _billing_line()
    counter = sa.table("counter", sa.column("name", sa.String), sa.column("value", sa.BigInteger))
    exists = (
        op.get_bind()
        .execute(sa.select(sa.func.count()).select_from(counter).where(counter.c.name == "bill"))
        .scalar_one()
    )
    if not exists:
        op.bulk_insert(counter, [{"name": "bill", "value": 0}])


def downgrade() -> None:
    op.drop_index(op.f("ix_billing_line_account_id"), table_name="billing_line")
    op.drop_index(op.f("ix_billing_line_run_id"), table_name="billing_line")
    op.drop_table("billing_line")
    op.drop_index(op.f("ix_bill_run_id"), table_name="bill")
    op.drop_index(op.f("ix_bill_account_id"), table_name="bill")
    op.drop_table("bill")
    op.drop_index("uq_billing_run_posted", table_name="billing_run")
    op.drop_table("billing_run")
    op.drop_table("fee_item")
    op.drop_table("apportion_scheme")
    op.execute("DELETE FROM counter WHERE name = 'bill'")
