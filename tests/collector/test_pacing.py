"""A large park on a small desk: the poll budget spreads polls over the park, the first
polls of a bus are staggered, and a writer that falls behind slows the workers down
instead of letting its inbox grow without bound."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from app.collector import Collector
from app.collector.hub import ChangeHub
from app.collector.worker import PollResult
from app.collector.writer import StateWriter
from app.db import Database
from app.models import BillingMode
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for


def test_the_poll_budget_paces_every_meter_and_staggers_the_first_polls(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {a: BillingMode.METER for a in ("1", "2", "3", "4")})
    # 4 meters, 2 polls a second for the whole process: each meter every 2 s
    collector = collector_factory(fast_config(sim_clock, poll_budget=2.0))
    collector.start()
    worker = next(iter(collector.workers.values()))
    assert worker.min_interval == 2.0
    wait_for(lambda: (st := site.state(1)) and st.online, 20, "first meter polled")
    spare = collector._new_worker(worker.info.link_id)  # not started: its plan, untouched
    spare.started_at = 100.0
    spare._stagger()
    # the first meter is due at once, the others a quarter of the interval apart
    due = [h.last_poll + spare.min_interval for h in spare.handles.values()]
    assert due == [100.0, 100.5, 101.0, 101.5]
    spare.link.close()


def test_a_writer_far_behind_makes_the_workers_wait(db: Database, sim_clock: SimClock) -> None:
    writer = StateWriter(db, fast_config(sim_clock, writer_backlog=4), ChangeHub(), [])
    for _ in range(4):
        writer.inbox.put(object())
    done = threading.Event()

    def worker() -> None:
        writer.submit(PollResult(1, datetime.now(UTC), None))
        done.set()

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    assert not done.wait(0.3)  # held back while four messages wait
    while writer.inbox.qsize():
        writer.inbox.get()
    writer._made_room()  # the writer took a batch
    assert done.wait(10)
    assert writer.inbox.qsize() == 1
