"""The collector's scheduler catches up billing runs missed while the office PC was off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from app.billing.runs import due_runs
from app.collector import Collector, CollectorConfig
from app.db import Database
from app.models import BillingMode, BillingRun, FeeItem
from drivers.simulator import BusSimulator, SimClock

from .conftest import ZONE, fast_config, make_site, wait_for


def test_missed_fee_runs_are_posted_once_at_start(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[[CollectorConfig], Collector],
) -> None:
    make_site(db, sim, {"1": BillingMode.PLATFORM, "2": BillingMode.PLATFORM})
    now = sim_clock.now().replace(tzinfo=ZONE)
    created = now - timedelta(days=75)
    with db.write() as s:
        item = FeeItem(
            name="物业费",
            definition={"amount_kind": "fixed", "amount": "20", "scope": {"park": True}},
            effective_from=created.date(),
            created_at=created,
        )
        s.add(item)
    pending = set(due_runs(db, now))
    assert len(pending) >= 2  # at least two month starts passed while "the PC was off"

    def posted() -> set[tuple[str, str]]:
        with db.read() as s:
            return set(s.execute(select(BillingRun.source, BillingRun.period)).tuples())

    first = collector_factory(fast_config(sim_clock))
    first.start()
    wait_for(lambda: posted() >= pending, 60, "the catch-up runs")
    first.stop()
    with db.read() as s:
        runs = s.scalars(select(BillingRun)).all()
    assert len(runs) == len(posted())  # each (source, period) once
    assert {r.workstation for r in runs} and all(r.operator_id is None for r in runs)
    assert due_runs(db, now) == []
