"""The collector lease (issue 20): one holder, standbys that take over when it stops
renewing, a fence that refuses a holder's writes and frames once another desk took over.
Both back ends (tests/collector): the row lock on PostgreSQL, the single writer on SQLite."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from sqlalchemy import update

from app.collector import Collector
from app.collector import lease as lease_module
from app.collector.lease import Lease, LeaseLost
from app.db import Database
from app.livedata.lease import lease_view
from app.models import BillingMode, CollectorLease, CommandStatus
from app.security import system_actor
from app.services.commands import request_relay
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for

ACTOR = system_actor(name="test")


def _lease(db: Database, desk: str, ttl: float = 3.0) -> Lease:
    return Lease(db, ttl=ttl, renew=0.5, margin=1.0, workstation=desk)


def test_standby_takes_over_only_when_the_holder_stops_renewing(db: Database) -> None:
    first, second = _lease(db, "收银台1"), _lease(db, "收银台2")
    assert first.try_take() is None and first.held
    holder = second.try_take()
    assert holder is not None and holder.workstation == "收银台1" and not second.held
    view = lease_view(db)
    assert view.holder is not None and view.holder.workstation == "收银台1"
    assert [s.workstation for s in view.standbys] == ["收银台2"]
    # each renewal moves the beat: the standby's clock starts again, it never takes over
    for _ in range(5):
        assert first.renew()
        assert second.try_take() is not None and not second.held
    last_beat = time.monotonic()
    taken = wait_for(lambda: second.try_take() is None and second.held, 30, "the takeover")
    took = time.monotonic() - last_beat
    assert taken and took >= second.ttl  # never before a whole ttl without a beat
    assert not first.valid()  # the old holder's own deadline passed first
    assert not first.renew() and not first.held  # and its renewal says it lost
    view = lease_view(db)
    assert view.holder is not None and view.holder.workstation == "收银台2"
    assert view.standbys == []


def test_a_paused_holder_that_wakes_up_is_fenced_by_the_epoch(db: Database) -> None:
    """A holder whose clock did not run (a stopped VM) still believes it holds the lease:
    the epoch in its write transaction refuses it."""
    first, second = _lease(db, "desk A"), _lease(db, "desk B")
    assert first.try_take() is None
    wait_for(lambda: second.try_take() is None and second.held, 30, "the takeover")
    first._valid_until = math.inf  # its own clock says it is still the holder
    assert first.valid()
    try:
        with db.write() as s:
            first.check(s)
        raise AssertionError("the fence let a stale holder write")
    except LeaseLost:
        pass
    assert not first.valid() and not first.held  # and from now on no frame goes out
    with db.write() as s:
        second.check(s)  # the new holder writes


def test_a_holder_that_slept_past_its_lease_sends_no_frame(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A laptop suspended longer than the ttl: its lease clock counts the sleep (Linux's
    CLOCK_BOOTTIME; the monotonic clock stopped), so the frame gate closes on waking."""
    if sys.platform.startswith("linux"):
        assert lease_module._BOOTTIME == time.CLOCK_BOOTTIME
    holder = _lease(db, "laptop")
    assert holder.try_take() is None and holder.valid()
    slept = lease_module._clock() + holder.ttl + 60  # woke up a minute past its deadline
    monkeypatch.setattr(lease_module, "_clock", lambda: slept)
    assert not holder.valid()  # worker.gate: no poll frame goes out before a renewal


def test_a_released_lease_is_taken_at_the_next_look(db: Database) -> None:
    first, second = _lease(db, "desk A", ttl=600), _lease(db, "desk B", ttl=600)
    assert first.try_take() is None
    assert second.try_take() is not None
    first.release()
    assert second.try_take() is None and second.held


def test_a_crashed_holder_of_this_workstation_does_not_make_its_successor_wait(
    db: Database,
) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    first = _lease(db, "desk A", ttl=600)
    assert first.try_take() is None
    with db.write() as s:
        s.execute(update(CollectorLease).values(pid=int(dead.stdout)))
    again = _lease(db, "desk A", ttl=600)  # the collector restarted after the crash
    assert again.try_take() is None and again.held
    other = _lease(db, "desk B", ttl=600)  # another desk cannot know: it waits
    assert other.try_take() is not None


def test_a_collector_that_lost_its_lease_sends_no_further_frame(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    lease = _lease(db, "desk A", ttl=600)
    assert lease.try_take() is None
    collector = collector_factory(fast_config(sim_clock), lease=lease)
    collector.start()
    worker = collector.workers[site.link_id]
    wait_for(lambda: worker.polls >= 3, 30, "polling")
    with db.write() as s:  # another desk took over meanwhile (this one was paused)
        s.execute(update(CollectorLease).values(epoch=CollectorLease.epoch + 1, holder_id="x"))
    # the writer's next batch meets the new epoch: the lease is lost, no frame follows
    wait_for(lambda: not lease.held, 30, "the fence")
    refused = worker.errors.snapshot().get("port", 0)
    sent = sim.stats.requests
    wait_for(lambda: worker.errors.snapshot().get("port", 0) >= refused + 3, 30, "refusals")
    assert sim.stats.requests == sent  # three turns of the bus, not one frame
    cid = request_relay(db, ACTOR, site.meter_id(1), "cut")
    collector.wake()
    wait_for(lambda: worker.errors.snapshot().get("port", 0) >= refused + 6, 30, "more")
    assert site.command(cid).status is CommandStatus.PENDING  # never marked sent
    assert sim.stats.requests == sent and not sim.meter(1).commanded_cut
    assert "lease" in worker.errors.last
