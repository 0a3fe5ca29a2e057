"""The lease fence on the billing runs the collector posts when they fall due (issue 20,
round 2): a collector that lost the lease while paused posts no run; the one that took over
posts each due run once. Both back ends."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime

from app.billing.runs import due_runs, run_due
from app.collector.lease import LeaseLost
from app.db import Database
from app.security import Actor, Role

from ..fencing import take_over
from .test_runs import NOW, add_fee, balances


def test_a_stale_holder_posts_no_billing_run(park: Database, staff: dict[Role, Actor]) -> None:
    add_fee(
        park,
        "测试物业费",
        created=datetime(2026, 9, 20, tzinfo=UTC),
        amount_kind="fixed",
        amount="10",
        day=1,
    )
    before = balances(park)
    due = due_runs(park, NOW)
    assert due
    desks = take_over(park)
    with suppress(LeaseLost):
        assert run_due(desks.stale_db, staff[Role.ADMIN], NOW) == []
    assert balances(park) == before and due_runs(park, NOW) == due
    assert len(run_due(desks.new_db, staff[Role.ADMIN], NOW)) == len(due)
    assert run_due(desks.new_db, staff[Role.ADMIN], NOW) == []
    assert balances(park) != before and due_runs(park, NOW) == []
