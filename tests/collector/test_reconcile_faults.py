"""Reconcile compares like with like under faults: recharges confirmed by reading back
after lost replies leave no false ``reconcile.mismatch``, and money really missing on the
meter is still reported.

Before the fix the executor moved ``purchase_count`` on confirmation and left
``purchased_fen`` at the last poll's value: while the replies were lost no poll brought
the meter's total, and reconcile compared the new count's recharges with the old total
(12 level-2 false alarms in the serial-fault run of issue 13).
"""

from __future__ import annotations

from collections.abc import Callable

from app.collector import ChangeBatch, Collector
from app.collector.reconcile import find_mismatches
from app.db import Database
from app.models import BillingMode, CommandStatus
from drivers.simulator import BusSimulator, SimClock

from .conftest import Site, fast_config, make_site, wait_for
from .test_recharge_e2e import _recharge, fault_when_sent


def _lose_every_reply_after_confirming(
    collector: Collector, site: Site, sim: BusSimulator, command_id: int
) -> None:
    """Once ``command_id`` is confirmed (observers run on the worker thread after the
    commit, before its next poll), the meter's replies are lost from then on: no poll
    brings the meter's own total after this purchase."""
    armed = [True]

    def observer(batch: ChangeBatch) -> None:
        confirmed = armed[0] and command_id in batch.commands
        if confirmed and site.command(command_id).status is CommandStatus.CONFIRMED:
            armed[0] = False
            sim.set_fault(1, lose_replies=1_000_000)

    collector.hub.subscribe(observer)


def test_recharges_confirmed_under_lost_replies_reconcile_clean(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.purchased_fen is not None, what="first full poll")
    amounts = ["30.00", "20.00", "12.34"]
    for n, amount in enumerate(amounts):
        fault_when_sent(collector, site, sim, lose_replies=1)  # it lands, its reply is lost
        cid = _recharge(db, site.rooms["1"], amount, f"reconcile-faults-{n:04d}")
        if n == len(amounts) - 1:
            _lose_every_reply_after_confirming(collector, site, sim, cid)
        collector.wake()
        cmd = wait_for(
            lambda cid=cid: (c := site.command(cid)).status is CommandStatus.CONFIRMED and c,
            what=f"recharge {n} confirmed",
        )
        assert "read back" in cmd.result
        if n < len(amounts) - 1:  # the poll after the command brings the meter's total
            wait_for(
                lambda n=n: (site.state(1).purchased_fen or 0) == sim.meter(1).purchase_total_fen,
                what="state caught up",
            )
    assert sim.meter(1).purchase_count == 3 and sim.meter(1).purchase_total_fen == 6234
    state = site.state(1)
    assert state is not None and state.purchase_count == 3
    assert find_mismatches(db) == []  # held exactly what was confirmed: no alarm
    assert state.purchased_fen == 6234

    # money really missing on the meter (its total 10 yuan short) is still reported
    sim.clear_faults()
    sim.meter(1).purchase_total_fen -= 1000
    wait_for(lambda: site.state(1).purchased_fen == 5234, what="the short total polled")
    collector.stop()
    (found,) = find_mismatches(db)
    assert "cumulative" in found.reason
    assert (found.meter_purchased_fen, found.ledger_purchased_fen) == (5234, 6234)
