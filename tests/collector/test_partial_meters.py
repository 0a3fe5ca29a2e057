"""A meter that lacks some registers is polled and stored like any other: the collector's
bus worker keeps its Meter objects for life, so what the meter refused is remembered there
and not asked again on every poll."""

from __future__ import annotations

from collections.abc import Callable

from app.collector import Collector
from app.db import Database
from app.models import BillingMode
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for


def test_a_meter_without_clock_registers_is_online_and_stored(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    sim.meter(1).unsupported = {0x0026}  # no clock registers (a generic meter)
    sim.meter(2).unsupported = {0x0023}  # no cumulative purchases
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    for address in (1, 2):
        state = wait_for(
            lambda a=address: (
                (st := site.state(a)) and st.online and st.balance_fen is not None and st
            ),
            what=f"meter {address} online with a balance",
        )
        # the park runs at 60x: the balance moves, but it is the meter's, not a stale one
        assert abs(state.balance_fen - sim.meter(address).balance_fen) < 100
        assert state.energy_total is not None and state.purchase_count is not None
        assert state.last_error == ""
    assert site.state(2).purchased_fen is None
    worker = next(iter(collector.workers.values()))
    drivers = {h.info.address: h.driver for h in worker.handles.values()}
    assert drivers["1"].unsupported == {"clock": "holding 0x0026"}
    assert drivers["2"].unsupported == {"purchase_total": "holding 0x0023"}

    def refusals() -> int:
        return sum("illegal data address" in e.error for e in worker.link.trace.entries())

    # remembered for the life of the worker: full reads go on, the refusals are not repeated
    seen, polls = refusals(), worker.polls
    assert seen >= 2
    wait_for(lambda: worker.polls >= polls + 20, what="more polls")
    assert refusals() == seen
    assert site.state(1).online and site.state(2).online
