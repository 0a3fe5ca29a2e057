"""A command reaches the wire at once: a poll gives the wire up between two of its
transactions, and a command queued by another connection wakes the dispatcher through the
database (SQLite's data_version here; PostgreSQL LISTEN/NOTIFY when a server is given)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import update

from app.collector import Collector, PollPlan
from app.collector.wakeup import EventWatch, SqliteWatch, open_watch
from app.db import Database, open_database
from app.models import BillingMode, CommandStatus
from app.models import Link as LinkRow
from app.security import system_actor
from app.services.commands import request_relay
from drivers.link import TX, TraceEntry
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for

ACTOR = system_actor(name="test")
LIVE_FIRST_DI = 0x02010100  # voltage A: the first identifier of a live poll


def test_relay_command_does_not_wait_for_the_poll_in_progress(
    db: Database, sim_clock: SimClock, collector_factory: Callable[..., Collector]
) -> None:
    # DL/T 645 reads one identifier per frame: a live poll is six transactions. The meter
    # holds its reply to the poll's first one until the command is in the bus's queue, so
    # the command is queued with five frames of that poll still to go however slowly the
    # machine runs (a reply delay raced the test's own write and the dispatcher on a busy
    # machine: the relay went out a frame late and the test failed)
    with BusSimulator(count=1, protocol="dlt645", clock=sim_clock) as bus:
        site = make_site(db, bus, {"1": BillingMode.METER}, protocol="dlt645")
        with db.write() as s:
            s.execute(update(LinkRow).values(timeout_ms=10_000))  # the held reply's room
        collector = collector_factory(
            fast_config(
                sim_clock,
                min_poll_interval=0,
                default_plan=PollPlan(energy_period=3600),
                command_poll=30.0,  # only the wake hands the command over
            )
        )
        collector.start()
        worker = collector.workers[site.link_id]
        wait_for(lambda: worker.polls >= 2, 20, "live polls")
        hold = bus.hold_reply(1, LIVE_FIRST_DI)
        wait_for(hold.held.is_set, 20, "a live poll on the wire")

        def poll_started() -> TraceEntry | None:
            last = worker.link.trace.entries(1)
            if last and last[0].direction == TX and f"DI={LIVE_FIRST_DI:08X}" in last[0].summary:
                return last[0]  # the held request (traced just after it was written)
            return None

        started = wait_for(poll_started, 20, "the held request in the trace")
        before = collector.dispatched
        cid = request_relay(db, ACTOR, site.meter_id(1), "cut")
        collector.wake()
        wait_for(lambda: collector.dispatched > before, 20, "the command in the bus's queue")
        hold.release()
        wait_for(lambda: site.command(cid).status is CommandStatus.CONFIRMED, 20, "confirmed")
        entries = worker.link.trace.entries()
        at = next(i for i, e in enumerate(entries) if e is started)
        frames = [e for e in entries[at:] if e.direction == TX]
        relay = next(i for i, e in enumerate(frames) if e.summary.startswith("relay"))
        # the held frame, then the relay: none of the poll's five other frames went first
        assert relay == 1, [e.summary for e in frames[: relay + 1]]
        assert worker.errors.snapshot()["timeout"] == 0


def test_command_from_another_connection_wakes_the_dispatcher(
    db: Database,
    db_url: str,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER})
    # the dispatcher's own round is 30 s: only the database watch can hand the command over
    collector = collector_factory(fast_config(sim_clock, command_poll=30.0, automation_period=60))
    collector.start()
    wait_for(lambda: collector.online(site.meter_id(1)) and collector.workers[site.link_id].polls)
    other_desk = open_database(db_url)  # its own engine and connections, no collector
    try:
        cid = request_relay(other_desk, ACTOR, site.meter_id(1), "cut")
        wait_for(lambda: site.command(cid).status is CommandStatus.CONFIRMED, 20, "confirmed")
    finally:
        other_desk.dispose()
    assert sim.meter(1).commanded_cut


@pytest.mark.sqlite_only("the SQLite data_version watch (PostgreSQL LISTENs: the test above)")
def test_sqlite_watch_reads_the_table_only_after_a_commit(db: Database, db_url: str) -> None:
    watch = open_watch(db, 0.01)
    assert isinstance(watch, SqliteWatch)
    try:
        wake = threading.Event()
        assert not watch.wait(0.05, wake)  # nothing happened: timed out
        assert watch.looks == 0  # and the table was never read
        wake.set()
        assert watch.wait(5, wake)  # the in-process wake
    finally:
        watch.close()
    memory = Database("sqlite://")
    try:
        assert type(open_watch(memory, 0.01)) is EventWatch  # nothing to watch: the event
    finally:
        memory.dispose()


def test_postgres_notify_wakes_the_collector(
    pg_db: Database, sim: BusSimulator, sim_clock: SimClock
) -> None:
    """On a copy of the migrated template (``pg_db``), never on the scratch database itself:
    two test workers share that one (pytest -n 2)."""
    from app.collector.wakeup import PostgresWatch

    pg = pg_db
    other_desk = open_database(pg.url)
    collector = Collector(pg, fast_config(sim_clock, command_poll=30.0, automation_period=60))
    try:
        watch = open_watch(pg, 10.0)
        assert isinstance(watch, PostgresWatch)
        watch.close()
        site = make_site(pg, sim, {"1": BillingMode.METER})
        collector.start()  # its dispatcher's round is 30 s: the NOTIFY must wake it
        worker = collector.workers[site.link_id]
        wait_for(lambda: collector.online(site.meter_id(1)) and worker.polls, 20, "polling")
        cid = request_relay(other_desk, ACTOR, site.meter_id(1), "cut")
        wait_for(lambda: site.command(cid).status is CommandStatus.CONFIRMED, 20, "confirmed")
        assert sim.meter(1).commanded_cut
    finally:
        collector.stop()
        other_desk.dispose()
