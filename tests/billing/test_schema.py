"""Migration 0012 (issue 16): the billing tables, on SQLite and PostgreSQL.

The run's exactly-once rests on the partial unique index ``uq_billing_run_posted``: two
posted runs of one (source, period) are refused by the database itself, a reversed run and a
new posted one are not. The migration goes down to 0011 and up again.
"""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from app.db import Database, open_database
from app.migrate import alembic_config, current_revision, head_revision, upgrade
from app.models import (
    ApportionScheme,
    Base,
    Bill,
    BillingLine,
    BillingRun,
    BillingRunStatus,
    BillStatus,
    Counter,
    FeeItem,
)

TABLES = {"apportion_scheme", "fee_item", "billing_run", "billing_line", "bill"}


def test_models_and_migration_agree(db_url: str) -> None:
    db = open_database(db_url)
    assert head_revision() in ("0012", "0014")  # w17-time: 0014 follows 0012 here
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    db.dispose()


def test_down_to_0011_and_up_again(db_url: str) -> None:
    db = open_database(db_url)
    command.downgrade(alembic_config(db), "0011")
    assert current_revision(db) == "0011"
    assert not TABLES & set(inspect(db.engine).get_table_names())
    with db.read() as s:
        assert s.get(Counter, "bill") is None
        assert s.get(Counter, "receipt") is not None
    upgrade(db)
    assert current_revision(db) == head_revision()
    assert set(inspect(db.engine).get_table_names()) >= TABLES
    with db.read() as s:
        assert s.get(Counter, "bill") is not None
        assert s.get(Counter, "bill").value == 0  # type: ignore[union-attr]
    db.dispose()


def test_one_posted_run_per_source_and_period(db: Database) -> None:
    with db.write() as s:
        s.add(BillingRun(source="fee:1", period="2026-11", workstation="desk"))
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(BillingRun(source="fee:1", period="2026-11", workstation="desk 2"))
    with db.write() as s:
        run = s.scalars(select(BillingRun)).one()
        run.status = BillingRunStatus.REVERSED
        run.reverse_reason = "wrong area"
    with db.write() as s:  # reversed: the period may be posted again, once
        s.add(BillingRun(source="fee:1", period="2026-11"))
        s.add(BillingRun(source="fee:1", period="2026-12"))
        s.add(BillingRun(source="apportion:1", period="2026-11"))
    with db.read() as s:
        rows = s.execute(select(BillingRun.source, BillingRun.period, BillingRun.status)).all()
    assert sorted(rows) == [
        ("apportion:1", "2026-11", "posted"),
        ("fee:1", "2026-11", "posted"),
        ("fee:1", "2026-11", "reversed"),
        ("fee:1", "2026-12", "posted"),
    ]


def test_definitions_lines_and_bills_round_trip(db: Database) -> None:
    from app.demo import build_demo

    build_demo(db, rooms=20, opening_balances=False)
    with db.write() as s:
        from app.models import Account

        account = s.scalars(select(Account).order_by(Account.id)).first()
        assert account is not None
        s.add(
            ApportionScheme(
                name="测试损耗",
                definition={"scope": {"buildings": [1]}, "source": "loss", "basis": "energy"},
                effective_from=date(2026, 12, 1),
            )
        )
        s.add(
            FeeItem(
                name="测试费",
                definition={"amount_kind": "per_m2", "amount": "3.50"},
                effective_from=date(2026, 12, 1),
                effective_to=date(2027, 12, 31),
            )
        )
        run = BillingRun(source="fee:1", period="2026-12", summary={"total_fen": 350})
        s.add(run)
        s.flush()
        bill = Bill(
            number="B00000001",
            account_id=account.id,
            run_id=run.id,
            source="fee:1",
            period="2026-12",
            amount_fen=350,
            due_date=date(2026, 12, 16),
        )
        s.add(bill)
        s.flush()
        s.add(BillingLine(run_id=run.id, account_id=account.id, fen=350, bill_id=bill.id))
    with db.read() as s:
        fee = s.scalars(select(FeeItem).where(FeeItem.name == "测试费")).one()
        assert (fee.active, fee.effective_to, fee.definition["amount"]) == (
            True,
            date(2027, 12, 31),
            "3.50",
        )
        scheme = select(ApportionScheme).where(ApportionScheme.name == "测试损耗")
        assert s.scalars(scheme).one().effective_to is None
        stored = s.scalars(select(Bill)).one()
        assert (stored.status, stored.paid_fen, stored.paid_at) == (BillStatus.OPEN, 0, None)
        line = s.scalars(select(BillingLine)).one()
        assert (line.kwh, line.txn_id, line.bill_id) == (None, None, stored.id)
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(
            FeeItem(name="测试费", definition={}, effective_from=date(2026, 12, 1))
        )  # unique name
