"""A rerun never charges twice (issue 16, "Done when"): random sequences of post, rerun,
reverse and catch-up over a small park, on both back ends; after every step each account is
charged exactly once for every period that stands posted, never more, and ``ledger verify``
holds at the end. One-by-one posting and the batched ``journal.post_many`` of the runs must
agree with this model, whatever the order."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from app.billing.runs import BillingRunError, post, reverse, run_due
from app.db import Database
from app.ledger.journal import verify
from app.models import (
    Account,
    AccountStatus,
    BillingMode,
    BillingRun,
    BillingRunStatus,
    FeeItem,
    LedgerTxn,
    Meter,
    Role,
    Room,
)
from app.security import Actor

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)
PERIODS = ("2026-10", "2026-11", "2026-12")  # all three due by NOW (day 1 of each)
FEN = 1234
STEPS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(("post", "reverse")), st.sampled_from(PERIODS)),
        st.just(("due", "")),
    ),
    min_size=1,
    max_size=8,
)


def platform_accounts(db: Database, count: int) -> list[int]:
    """Open accounts none of whose meters keeps the money (so the fee is deducted)."""
    with db.read() as s:
        meter_side = set(
            s.scalars(
                select(Room.account_id)
                .join(Meter, Meter.room_id == Room.id)
                .where(Room.account_id.is_not(None), Meter.billing_mode == BillingMode.METER)
            )
        )
        rows = s.scalars(
            select(Account.id).where(Account.status == AccountStatus.OPEN).order_by(Account.id)
        ).all()
    return [a for a in rows if a not in meter_side][:count]


def new_item(db: Database, accounts: list[int]) -> str:
    """A fresh fixed monthly fee per example (examples share the park, not their source)."""
    with db.write() as s:
        s.execute(update(FeeItem).values(active=False))  # earlier examples' items rest
        item = FeeItem(
            name=f"性质测试 {s.scalar(select(func.count(FeeItem.id))) or 0}",
            definition={
                "amount_kind": "fixed",
                "amount": f"{FEN / 100:.2f}",
                "scope": {"accounts": accounts},
                "period": "monthly",
                "day": 1,
                "mode": "deduct",
                "due_days": 15,
            },
            effective_from=date(2026, 10, 1),
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        s.add(item)
        s.flush()
        return f"fee:{item.id}"


def charged(db: Database, source: str, accounts: list[int]) -> dict[tuple[str, int], int]:
    """Net charges per (period, account) from the journal: runs' transactions minus their
    reversals, counted by the idempotency keys the runs wrote."""
    out = {(p, a): 0 for p in PERIODS for a in accounts}
    with db.read() as s:
        rows = s.execute(
            select(LedgerTxn.id, LedgerTxn.idempotency_key).where(
                LedgerTxn.idempotency_key.like(f"{source}:%")
            )
        ).all()
        reversed_ids = set(
            s.scalars(
                select(LedgerTxn.reverses_id).where(
                    LedgerTxn.reverses_id.in_([r[0] for r in rows] or [0])
                )
            )
        )
    for txn_id, key in rows:
        period, account = key.removeprefix(f"{source}:").split("#")[0].split(":")
        if txn_id not in reversed_ids:
            out[(period, int(account))] += 1
    return out


def balances(db: Database, accounts: list[int]) -> dict[int, int]:
    with db.read() as s:
        rows = s.execute(select(Account.id, Account.balance_fen).where(Account.id.in_(accounts)))
        return {a: b for a, b in rows}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_a_rerun_never_charges_twice(
    park: Database, staff: dict[Role, Actor], steps: list[tuple[str, str]]
) -> None:
    actor = staff[Role.ADMIN]
    accounts = platform_accounts(park, 3)
    source = new_item(park, accounts)
    opening = balances(park, accounts)
    posted = dict.fromkeys(PERIODS, False)
    ever = dict.fromkeys(PERIODS, False)
    for op, period in steps:
        if op == "post":
            try:
                post(park, actor, source, period, now=NOW)
                assert not posted[period], "a posted period was charged again"
            except BillingRunError:
                assert posted[period], "a period that stood unposted was refused"
            posted[period] = ever[period] = True
        elif op == "reverse" and posted[period]:
            with park.read() as s:
                run_id = s.scalar(
                    select(BillingRun.id).where(
                        BillingRun.source == source,
                        BillingRun.period == period,
                        BillingRun.status == BillingRunStatus.POSTED,
                    )
                )
            assert run_id is not None
            reverse(park, actor, run_id, "property test")
            posted[period] = False
        elif op == "due":  # catch-up: only periods that never had a run of this source
            run_due(park, actor, NOW)
            for p in PERIODS:
                if not ever[p]:
                    posted[p] = ever[p] = True
        net = charged(park, source, accounts)
        assert net == {(p, a): int(posted[p]) for p in PERIODS for a in accounts}
        standing = sum(posted.values())
        assert balances(park, accounts) == {a: opening[a] - FEN * standing for a in accounts}
    assert verify(park).ok
