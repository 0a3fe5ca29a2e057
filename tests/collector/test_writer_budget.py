"""The collector's writer keeps its share of the write lock short: a batch whose work passes
``batch_budget`` is split into several transactions, so a recharge queued behind it commits
after the first part instead of after the whole batch.
"""

from __future__ import annotations

import threading
import uuid

import pytest

from app.collector import ChangeBatch, ChangeHub
from app.collector.worker import LinkStatus
from app.collector.writer import StateWriter
from app.db import Database
from app.ledger.recharge import RechargeRequest, recharge
from app.models import BillingMode
from app.security import system_actor
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for


@pytest.mark.sqlite_only(
    "the writers' queue of Database.write is SQLite's; PostgreSQL writers run side by side"
)
def test_a_recharge_goes_between_the_parts_of_a_long_writer_batch(
    db: Database, sim: BusSimulator, sim_clock: SimClock
) -> None:
    site = make_site(db, sim, {"1": BillingMode.PLATFORM})
    hub = ChangeHub()
    writer = StateWriter(db, fast_config(sim_clock, batch_budget=0.0), hub, [site.meter_id(1)])
    written: list[int] = []  # messages committed by each writer transaction
    seen_by_cashier: list[int] = []
    recharged = threading.Event()

    def observer(batch: ChangeBatch) -> None:  # on the writer's thread, after each commit
        written.append(writer.last_batch_size)
        if len(written) == 1:  # the cashier queued behind us goes now; wait for it
            recharged.wait(60)

    def cashier() -> None:
        recharge(
            db,
            system_actor(name="cli:test"),
            RechargeRequest("10", "cash", uuid.uuid4().hex, room_id=site.rooms["1"]),
        )
        seen_by_cashier.append(sum(written))
        recharged.set()

    hub.subscribe(observer)
    items: list[object] = [LinkStatus(site.link_id, up=n % 2 == 0) for n in range(20)]
    runner = threading.Thread(target=writer._write, args=(items,))
    clerk = threading.Thread(target=cashier)
    with db.write():  # hold the lock until the writer, then the cashier, queue behind it
        runner.start()
        wait_for(lambda: len(db._writers._waiters) == 1, what="the writer queued")
        clerk.start()
        wait_for(lambda: len(db._writers._waiters) == 2, what="the cashier queued")
    runner.join(120)
    clerk.join(120)
    assert recharged.is_set()
    assert written == [1] * 20  # a budget of 0: one message per transaction
    # the recharge committed after the first part, not behind all 20 messages
    assert seen_by_cashier == [1]
