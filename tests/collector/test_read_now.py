""" "Read this meter now": the bus reads it at its next turn, even while it is offline."""

from __future__ import annotations

from collections.abc import Callable

from app.collector import Collector
from app.db import Database
from app.models import BillingMode
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for


def test_read_now_probes_an_offline_meter_at_once(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    collector = collector_factory(
        fast_config(sim_clock, offline_retry=3600.0)
    )  # no probe on its own
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.online, what="online")
    sim.set_fault(1, dead=True)
    wait_for(lambda: not site.state(1).online, what="offline")
    sim.set_fault(1, dead=False)
    worker = next(iter(collector.workers.values()))
    assert not worker.read_now(10_000)  # not a meter of this bus
    assert worker.read_now(site.meters["1"])
    wait_for(lambda: site.state(1).online, what="back online by the manual read")
