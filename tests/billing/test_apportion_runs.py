"""An apportionment run end to end: the engine's shares (r16-apportion) posted once as
``apportion`` transactions, a rerun refused, a reversal restoring every balance, a building
the engine refuses posting nothing. Skipped until the engine and its park are merged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.billing.runs import BillingRunError, post, preview, reverse
from app.db import Database
from app.ledger.journal import verify
from app.models import Account, ApportionScheme, LedgerTxn
from app.security import system_actor

pytest.importorskip("app.billing.apportion")
apportion_park: Any = pytest.importorskip("tests.billing.apportion_park")


def scheme(db: Database, name: str, building: int) -> str:
    with db.write() as s:
        row = ApportionScheme(
            name=name,
            definition={
                "scope": {"buildings": [building]},
                "source": "loss",
                "basis": "area",
                "exclude_vacant": True,
            },
            effective_from=date(2026, 1, 1),
        )
        s.add(row)
        s.flush()
        return f"apportion:{row.id}"


def balances(db: Database) -> dict[int, int]:
    with db.read() as s:
        return {a: b for a, b in s.execute(select(Account.id, Account.balance_fen))}


def test_loss_shared_by_area_posted_once_and_reversed(db: Database) -> None:
    park = apportion_park.build_apportion_park(db)
    x, y, z = (park.accounts[k] for k in "XYZ")
    source = scheme(db, "A栋 损耗", park.buildings["A"])
    actor = system_actor(name="collector")
    before = balances(db)
    # the engine's hand-computed case: loss 30 kWh by area 50/30/20, priced by band
    plan = preview(db, actor, source, "2026-11")
    assert {line.account_id: line.fen for line in plan.lines} == {x: 1170, y: 702, z: 468}
    assert not any(line.billed for line in plan.lines)  # platform-side: deducted
    run = post(db, actor, source, "2026-11")
    after = balances(db)
    assert {a: before[a] - after[a] for a in (x, y, z)} == {x: 1170, y: 702, z: 468}
    with db.read() as s:
        keys = set(
            s.scalars(select(LedgerTxn.idempotency_key).where(LedgerTxn.kind == "apportion"))
        )
    assert keys == {f"{source}:2026-11:{a}" for a in (x, y, z)}
    assert verify(db).ok
    with pytest.raises(BillingRunError, match="already posted"):
        post(db, actor, source, "2026-11")
    reverse(db, actor, run.id, "meter A read wrong")
    assert balances(db) == before
    assert verify(db).ok


def test_a_refused_building_posts_nothing(db: Database) -> None:
    park = apportion_park.build_apportion_park(db)
    source = scheme(db, "B栋 损耗", park.buildings["B"])  # the loss would be negative
    actor = system_actor(name="collector")
    plan = preview(db, actor, source, "2026-11")
    assert plan.lines == [] and list(plan.refused) == [f"building:{park.buildings['B']}"]
    with pytest.raises(BillingRunError, match="charges nobody"):
        post(db, actor, source, "2026-11")
    with db.read() as s:
        assert s.scalar(select(LedgerTxn.id).where(LedgerTxn.kind == "apportion")) is None
