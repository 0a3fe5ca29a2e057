"""ledger chain: ledger_seal (append-only), ledger_head, meter_book; existing rows sealed

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 22:00:00

``ledger_seal`` gets the same append-only triggers as the journal (migration 0004).
``meter_book`` is filled from the ``meter`` entries. Transactions already in the database
are sealed now when this computer's keyring gives the database's key (or, for a database
that never used one, can create it); otherwise they stay unsealed and the first money
operation on a desk that holds the key seals them before its own (``app.ledger.chain``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MESSAGE = "ledger_seal is append-only: UPDATE and DELETE are refused"


def _triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER ledger_seal_no_{verb.lower()} BEFORE {verb} ON ledger_seal "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"""CREATE OR REPLACE FUNCTION ledger_seal_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
            END $$"""
        )
        op.execute(
            "CREATE TRIGGER ledger_seal_no_update_delete BEFORE UPDATE OR DELETE ON ledger_seal "
            "FOR EACH ROW EXECUTE FUNCTION ledger_seal_append_only()"
        )
        op.execute(
            "CREATE TRIGGER ledger_seal_no_truncate BEFORE TRUNCATE ON ledger_seal "
            "FOR EACH STATEMENT EXECUTE FUNCTION ledger_seal_append_only()"
        )


def upgrade() -> None:
    op.create_table(
        "ledger_seal",
        sa.Column("seq", BIG, autoincrement=False, nullable=False),
        sa.Column("txn_id", BIG, nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["ledger_txn.id"],
            name=op.f("fk_ledger_seal_txn_id_ledger_txn"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_ledger_seal")),
        sa.UniqueConstraint("txn_id", name=op.f("uq_ledger_seal_txn_id")),
    )
    head = op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("receipts", sa.BigInteger(), nullable=False),
        sa.Column("legacy", sa.BigInteger(), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_ledger_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_head")),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "", "receipts": 0, "legacy": 0, "mac": ""}])
    op.create_table(
        "meter_book",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("balance_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_meter_book_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meter.id"],
            name=op.f("fk_meter_book_meter_id_meter"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("account_id", "meter_id", name=op.f("pk_meter_book")),
    )
    op.execute(
        "INSERT INTO meter_book (account_id, meter_id, balance_fen) "
        "SELECT account_id, meter_id, SUM(amount_fen) FROM ledger_entry "
        "WHERE book = 'meter' AND account_id IS NOT NULL AND meter_id IS NOT NULL "
        "GROUP BY account_id, meter_id"
    )
    _triggers()
    from app.ledger.chain import seal_existing

    seal_existing(op.get_bind())


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS ledger_seal_no_update")
        op.execute("DROP TRIGGER IF EXISTS ledger_seal_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ledger_seal_no_truncate ON ledger_seal")
        op.execute("DROP TRIGGER IF EXISTS ledger_seal_no_update_delete ON ledger_seal")
        op.execute("DROP FUNCTION IF EXISTS ledger_seal_append_only()")
    op.drop_table("meter_book")
    op.drop_table("ledger_head")
    op.drop_table("ledger_seal")
