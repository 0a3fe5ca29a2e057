"""Billing runs: post once, bill, reverse, catch up (app.billing.runs), on both back ends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from app.billing.runs import BillingRunError, due_runs, post, preview, reverse, run_due
from app.db import Database
from app.ledger.journal import verify
from app.models import (
    Account,
    AccountStatus,
    AuditEntry,
    Bill,
    BillingLine,
    BillingMode,
    BillingRun,
    FeeItem,
    LedgerTxn,
    Meter,
    Role,
    Room,
)
from app.security import Actor, PermissionDenied

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


def add_fee(db: Database, name: str, created: datetime = NOW, **definition: Any) -> int:
    start = definition.pop("effective_from", date(2026, 1, 1))
    with db.write() as s:
        item = FeeItem(
            name=name,
            definition={"scope": {"park": True}, **definition},
            effective_from=start,
            created_at=created,
        )
        s.add(item)
        s.flush()
        return item.id


def balances(db: Database) -> dict[int, int]:
    with db.read() as s:
        return {a: b for a, b in s.execute(select(Account.id, Account.balance_fen))}


def areas(db: Database) -> dict[int, Decimal]:
    """Open account -> sum of its rooms' areas (the per-m² basis, computed independently)."""
    out: dict[int, Decimal] = {}
    with db.read() as s:
        rows = s.execute(
            select(Room.account_id, Room.area_m2)
            .join(Account, Account.id == Room.account_id)
            .where(Account.status == AccountStatus.OPEN)
        )
        for account_id, area in rows:
            out[account_id] = out.get(account_id, Decimal(0)) + area
    return out


def meter_side(db: Database) -> set[int]:
    with db.read() as s:
        return set(
            s.scalars(
                select(Room.account_id)
                .join(Meter, Meter.room_id == Room.id)
                .where(Room.account_id.is_not(None), Meter.billing_mode == BillingMode.METER)
            )
        )


def test_per_m2_property_fee_is_deducted_once(park: Database, staff: dict[Role, Actor]) -> None:
    fee = add_fee(park, "测试物业费", amount_kind="per_m2", amount="2.50", mode="deduct")
    before = balances(park)
    plan = preview(park, staff[Role.ADMIN], f"fee:{fee}", "2026-11")
    expected = {
        a: int((m * Decimal("2.50") * 100).to_integral_value()) for a, m in areas(park).items()
    }
    side = meter_side(park)
    assert {line.account_id: line.fen for line in plan.lines} == expected
    assert {line.account_id for line in plan.lines if line.billed} == side & set(expected)
    run = post(park, staff[Role.ADMIN], f"fee:{fee}", "2026-11", now=NOW)
    after = balances(park)
    for account_id, fen in expected.items():
        charged = 0 if account_id in side else fen
        assert after[account_id] == before[account_id] - charged, account_id
    with park.read() as s:
        keys = set(
            s.scalars(
                select(LedgerTxn.idempotency_key).where(
                    LedgerTxn.idempotency_key.like(f"fee:{fee}:%")
                )
            )
        )
        assert keys == {f"fee:{fee}:2026-11:{a}" for a in expected if a not in side}
        lines = select(func.count(BillingLine.id)).where(BillingLine.run_id == run.id)
        assert s.scalar(lines) == len(expected)
        bills = select(func.count(Bill.id)).where(Bill.run_id == run.id)
        assert s.scalar(bills) == len(side & set(expected))
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "billing.run")) is not None
        assert s.get(BillingRun, run.id).summary["total_fen"] == sum(expected.values())
    assert verify(park).ok

    # a rerun charges nothing and says why
    with pytest.raises(BillingRunError, match="already posted as run"):
        post(park, staff[Role.ADMIN], f"fee:{fee}", "2026-11", now=NOW)
    assert balances(park) == after
    assert preview(park, staff[Role.ADMIN], f"fee:{fee}", "2026-11").posted_run == run.id


def test_quarterly_rent_is_billed_with_due_date(park: Database, staff: dict[Role, Actor]) -> None:
    rent = add_fee(
        park,
        "房租",
        amount_kind="fixed",
        amount="3000",
        period="quarterly",
        day=5,
        mode="bill",
        due_days=10,
    )
    before = balances(park)
    with pytest.raises(BillingRunError, match="not a period"):
        post(park, staff[Role.ADMIN], f"fee:{rent}", "2026-11", now=NOW)
    run = post(park, staff[Role.ADMIN], f"fee:{rent}", "2026-Q4", now=NOW)
    assert balances(park) == before  # billed, not deducted
    with park.read() as s:
        bills = s.scalars(select(Bill).where(Bill.run_id == run.id).order_by(Bill.id)).all()
        open_accounts = s.scalar(
            select(func.count(func.distinct(Room.account_id)))
            .join(Account, Account.id == Room.account_id)
            .where(Account.status == AccountStatus.OPEN)
        )
    assert len(bills) == open_accounts
    assert {b.amount_fen for b in bills} == {300000}
    assert {b.due_date for b in bills} == {date(2027, 1, 10)}
    assert [b.number for b in bills] == [f"ZD{i:08d}" for i in range(1, len(bills) + 1)]
    assert verify(park).ok


def test_reversal_restores_every_balance(park: Database, staff: dict[Role, Actor]) -> None:
    fee = add_fee(park, "测试服务费", amount_kind="fixed", amount="12.34", mode="deduct")
    before = balances(park)
    run = post(park, staff[Role.ADMIN], f"fee:{fee}", "2026-11", now=NOW)
    assert balances(park) != before
    with pytest.raises(BillingRunError, match="reason"):
        reverse(park, staff[Role.ADMIN], run.id, "  ")
    reverse(park, staff[Role.ADMIN], run.id, "wrong amount")
    assert balances(park) == before
    with park.read() as s:
        assert s.get(BillingRun, run.id).status == "reversed"
        assert s.get(BillingRun, run.id).reverse_reason == "wrong amount"
        assert {b.status for b in s.scalars(select(Bill))} <= {"cancelled"}
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "billing.reverse"))
    assert verify(park).ok
    with pytest.raises(BillingRunError, match="already reversed"):
        reverse(park, staff[Role.ADMIN], run.id, "again")
    # posted again after the reversal: new keys (#2), charged once more, verify holds
    again = post(park, staff[Role.ADMIN], f"fee:{fee}", "2026-11", now=NOW)
    assert again.summary["attempt"] == 2
    assert verify(park).ok


def test_a_period_outside_the_effective_dates_is_refused(
    park: Database, staff: dict[Role, Actor]
) -> None:
    fee = add_fee(
        park, "测试保洁费", amount_kind="fixed", amount="5", effective_from=date(2026, 11, 15)
    )
    before = balances(park)
    with pytest.raises(BillingRunError, match="not in force"):
        post(park, staff[Role.ADMIN], f"fee:{fee}", "2026-11", now=NOW)  # due Nov 1
    post(park, staff[Role.ADMIN], f"fee:{fee}", "2026-12", now=NOW)
    assert balances(park) != before


def test_only_billing_staff_may_run(park: Database, staff: dict[Role, Actor]) -> None:
    fee = add_fee(park, "测试垃圾费", amount_kind="fixed", amount="5")
    before = balances(park)
    with pytest.raises(PermissionDenied):
        post(park, staff[Role.CASHIER], f"fee:{fee}", "2026-11", now=NOW)
    assert balances(park) == before


def test_missed_periods_are_caught_up_once(park: Database, staff: dict[Role, Actor]) -> None:
    created = datetime(2026, 9, 20, tzinfo=UTC)
    fee = add_fee(park, "测试物业费", created=created, amount_kind="fixed", amount="10", day=1)
    pending = due_runs(park, NOW)
    # October, November and December are due by Dec 6 (Jan..Sep lie before the item existed)
    assert pending == [
        (f"fee:{fee}", "2026-10"),
        (f"fee:{fee}", "2026-11"),
        (f"fee:{fee}", "2026-12"),
    ]
    posted = run_due(park, staff[Role.ADMIN], NOW)
    assert len(posted) == 3
    assert due_runs(park, NOW) == []
    assert run_due(park, staff[Role.ADMIN], NOW) == []
    assert verify(park).ok
