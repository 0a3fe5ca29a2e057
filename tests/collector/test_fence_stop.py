"""The lease fence as the collector wires it (issue 20, round 2): every actor a leased
collector starts writes through the fenced database, and a fenced write that finds another
desk's epoch stops the holder at once (the keeper is woken, not left to its next renewal).
Both back ends."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import update

from app.collector import Collector
from app.collector.fence import FencedDatabase
from app.collector.lease import Lease, LeaseKeeper, LeaseLost
from app.db import Database
from app.models import BillingMode, CollectorLease
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site


def test_every_actor_of_a_leased_collector_writes_through_the_fence(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    make_site(db, sim, {"1": BillingMode.PLATFORM, "2": BillingMode.METER})
    lease = Lease(db, ttl=600, renew=60, margin=4, workstation="desk A")
    assert lease.try_take() is None
    collector = collector_factory(fast_config(sim_clock), lease=lease)
    collector.start()
    fenced = collector.db
    assert isinstance(fenced, FencedDatabase) and fenced.check == lease.check
    assert collector.load_feed is not None and collector.messages is not None
    for actor in (
        collector._automation,
        collector._timetables,
        collector.load_feed,
        collector.load_feed.rules,
        collector.messages,
    ):
        assert actor.db is fenced, type(actor).__name__  # type: ignore[union-attr]
    assert collector.writer is not None and collector.writer.db is db  # checks itself
    assert collector.writer.fence == lease.check
    collector.stop()
    lease.release()


def test_a_fenced_write_stops_the_holder_without_waiting_for_its_renewal(db: Database) -> None:
    lease = Lease(db, ttl=600, renew=60, margin=4, workstation="desk A")
    assert lease.try_take() is None
    lost = threading.Event()
    keeper = LeaseKeeper(lease, lost.set)
    keeper.start()
    try:
        with db.write() as s:  # another desk took over while this one was paused
            s.execute(update(CollectorLease).values(epoch=CollectorLease.epoch + 1, holder_id="b"))
        try:
            with FencedDatabase(db, lease.check).write():
                raise AssertionError("the fence let a stale holder write")
        except LeaseLost:
            pass
        assert lost.wait(30), "the keeper waited for its next renewal (60 s)"
        assert keeper.lost and not lease.valid()
    finally:
        keeper.stop()
        keeper.join(10)
