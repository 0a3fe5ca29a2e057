"""A bus that fails comes back whole: crashed workers restarted, replugged links re-probed.

Real ptys with the simulator. The crash is injected into one driver object (a read or a
relay switch that raises a plain ``RuntimeError`` once, the kind of bug that used to leave
a dead thread); the successor builds its own drivers, so the fault does not follow it.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from app.collector import ChangeBatch, Collector, restart_delay
from app.db import Database
from app.models import BillingMode, CommandStatus, Event
from app.models import Link as LinkRow
from app.security import system_actor
from app.services.commands import request_relay
from drivers.link import TX
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for

N = 32


def _fail_once(obj: object, name: str, message: str) -> threading.Event:
    """Make ``obj.name`` raise RuntimeError on its next call; the event says it did."""
    real = getattr(obj, name)
    fired = threading.Event()

    def boom(*args: Any, **kwargs: Any) -> Any:
        if not fired.is_set():
            fired.set()
            raise RuntimeError(message)
        return real(*args, **kwargs)

    setattr(obj, name, boom)
    return fired


def _links(batches: list[ChangeBatch]) -> list[str]:
    return [state for b in list(batches) for state in b.links.values()]


def test_restart_delay_doubles_to_a_cap() -> None:
    assert [restart_delay(n, 1.0, 60.0) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_crashed_worker_is_restarted_with_backoff_and_says_why(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    collector = collector_factory(fast_config(sim_clock, restart_initial=0.2, restart_max=30.0))
    batches: list[ChangeBatch] = []
    collector.hub.subscribe(batches.append)
    collector.start()
    first = collector.workers[site.link_id]
    wait_for(lambda: first.polls > 8, 10, "polling")
    fired = _fail_once(first.handles[site.meter_id(2)].driver, "read_quantities", "injected")
    wait_for(fired.is_set, 10, "the fault hit")
    wait_for(lambda: not first.is_alive(), 10, "the first worker died")
    assert first.failure == "RuntimeError: injected"
    wait_for(
        lambda: (
            "down: bus worker stopped: RuntimeError: injected; restarting in 0.2 s"
            in _links(batches)
        ),
        10,
        "the status says why",
    )
    second = wait_for(
        lambda: (w := collector.workers[site.link_id]) is not first and w.is_alive() and w,
        10,
        "a new worker",
    )
    before = {a: sim.stats.per_meter.get(a, 0) for a in "1234"}
    wait_for(
        lambda: all(sim.stats.per_meter.get(a, 0) > before[a] + 2 for a in "1234"),
        10,
        "every meter polled again",
    )
    assert second.polls > first.polls  # the counters carried over and went on
    wait_for(lambda: "up" in _links(batches), 10, "the bus said up again")

    # a second crash in a row waits twice as long
    fired = _fail_once(second.handles[site.meter_id(3)].driver, "read_quantities", "again")
    wait_for(fired.is_set, 10, "the second fault hit")
    problem = wait_for(
        lambda: (p := collector.problems.get(site.link_id)) and p.reason.endswith("again") and p,
        10,
        "the second crash recorded",
    )
    assert problem.crashes == 2 and problem.delay == 0.4
    wait_for(
        lambda: (w := collector.workers[site.link_id]) is not second and w.is_alive(),
        10,
        "restarted again",
    )
    with db.read() as s:
        crashes = s.scalars(
            select(Event).where(Event.kind == "bus.crashed").order_by(Event.id)
        ).all()
    assert [(e.level, e.data["reason"], e.data["restart_s"]) for e in crashes] == [
        (2, "RuntimeError: injected", 0.2),
        (2, "RuntimeError: again", 0.4),
    ]
    assert crashes[0].data["link_id"] == site.link_id


def test_command_of_a_crashed_worker_is_not_lost(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    collector = collector_factory(fast_config(sim_clock, restart_initial=0.1))
    collector.start()
    first = collector.workers[site.link_id]
    wait_for(lambda: first.polls > 8, 10, "polling")
    fired = _fail_once(first.handles[site.meter_id(1)].driver, "set_relay", "relay bug")
    cid = request_relay(db, system_actor(name="test"), site.meter_id(1), "cut")
    collector.wake()
    wait_for(fired.is_set, 10, "the relay command ran into the fault")
    wait_for(lambda: collector.workers[site.link_id] is not first, 10, "restarted")
    wait_for(lambda: site.command(cid).status is CommandStatus.CONFIRMED, 15, "confirmed")
    assert sim.meter(1).commanded_cut


def _polls_until_all_seen(link_trace: list[Any], since: float, units: set[int]) -> int:
    """Polls (runs of frames to one unit) after ``since`` until every unit was polled."""
    frames = [e for e in link_trace if e.direction == TX and e.time >= since and e.raw]
    runs = [unit for unit, _ in itertools.groupby(f.raw[0] for f in frames)]
    seen: set[int] = set()
    for count, unit in enumerate(runs, 1):
        seen.add(unit)
        if units <= seen:
            return count
    raise AssertionError(f"only {sorted(seen)} polled in {len(runs)} polls")


def test_replugged_link_probes_every_offline_meter_in_the_next_sweep(
    tmp_path: Path,
    db: Database,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    with BusSimulator(
        count=N, protocol="modbus", clock=sim_clock, link_path=tmp_path / "ttyUSB0"
    ) as bus:
        site = make_site(db, bus, {str(a): BillingMode.METER for a in range(1, N + 1)})
        # offline meters are due again only after an hour: only the bus coming back can
        # bring them back within the test
        collector = collector_factory(
            fast_config(sim_clock, offline_retry=3600.0, silent_probe=0.2, min_poll_interval=0)
        )
        collector.start()
        worker = collector.workers[site.link_id]
        wait_for(lambda: all(bus.stats.per_meter.get(str(a)) for a in range(1, N + 1)), 20)
        bus.unplug()
        wait_for(lambda: not worker.scheduler.health[site.meter_id(N)].online, 20, "offline")
        wait_for(lambda: len(worker.scheduler.offline()) == N, 20, "the whole bus offline")
        replugged = time.time()
        bus.replug()
        wait_for(lambda: not worker.scheduler.offline(), 30, "every meter back")
        assert worker.link_up
        polls = _polls_until_all_seen(worker.link.trace.entries(), replugged, set(range(1, N + 1)))
        assert polls <= N  # one sweep: no meter polled twice before the last came back


def test_silent_bus_comes_back_in_one_sweep(
    db: Database,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    """The RS-485 pair pulled out of the converter: the port stays, every meter is silent."""
    with BusSimulator(count=N, protocol="modbus", clock=sim_clock) as bus:
        site = make_site(db, bus, {str(a): BillingMode.METER for a in range(1, N + 1)})
        with db.write() as s:
            s.execute(update(LinkRow).values(timeout_ms=40))
        collector = collector_factory(
            fast_config(
                sim_clock, offline_retry=3600.0, silent_probe=0.2, min_poll_interval=0, miss_limit=1
            )
        )
        collector.start()
        worker = collector.workers[site.link_id]
        wait_for(lambda: all(bus.stats.per_meter.get(str(a)) for a in range(1, N + 1)), 20)
        bus.set_fault(None, dead=True)
        wait_for(lambda: len(worker.scheduler.offline()) == N, 30, "the whole bus offline")
        back = time.time()
        bus.clear_faults()
        wait_for(lambda: not worker.scheduler.offline(), 30, "every meter back")
        polls = _polls_until_all_seen(worker.link.trace.entries(), back, set(range(1, N + 1)))
        assert polls <= N + 1  # the probe that found the bus back, then one sweep
