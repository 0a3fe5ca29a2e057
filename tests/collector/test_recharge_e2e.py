"""Meter-side recharges end to end: ledger service -> meter command -> collector -> meter."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select

from app.collector import ChangeBatch, Collector
from app.db import Database
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, recharge
from app.models import BillingMode, CommandStatus, Event
from app.security import audit, system_actor
from drivers.simulator import BusSimulator, SimClock

from .conftest import Site, fast_config, make_site, wait_for

CASHIER = system_actor(name="cli:test")


def _recharge(db: Database, room_id: int, amount: str, key: str) -> int:
    result = recharge(
        db,
        CASHIER,
        RechargeRequest(amount=amount, method="cash", idempotency_key=key, room_id=room_id),
    )
    assert result.command_id is not None
    return result.command_id


def fault_when_sent(collector: Collector, site: Site, sim: BusSimulator, **fault: int) -> None:
    """Inject ``fault`` on meter 1 right after a command is marked sent, before its frame
    goes out (the hub calls observers on the worker thread after the commit)."""
    armed = [True]

    def observer(batch: ChangeBatch) -> None:
        for cid in batch.commands:
            if armed[0] and site.command(cid).status is CommandStatus.SENT:
                armed[0] = False
                sim.set_fault(1, **fault)

    collector.hub.subscribe(observer)


def test_recharge_queued_by_the_service_reaches_the_meter(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.purchase_count is not None, what="first poll")
    before = sim.meter(1).balance_fen
    cid = _recharge(db, site.rooms["1"], "50.00", "recharge-key-0001")
    collector.wake()
    cmd = wait_for(
        lambda: (c := site.command(cid)).status is CommandStatus.CONFIRMED and c, what="confirm"
    )
    assert cmd.attempts == 1
    virtual = sim.meter(1)
    assert virtual.purchase_count == 1
    assert virtual.purchase_total_fen == 5000
    assert virtual.balance_fen >= before + 5000 - 100  # minus what it used meanwhile
    with db.read() as s:
        kinds = [e.kind for e in s.scalars(select(Event).where(Event.meter_id == site.meters["1"]))]
    assert "recharge.confirmed" in kinds
    assert wait_for(lambda: (site.state(1).purchase_count or 0) == 1, what="state count")
    assert verify(db).ok
    assert audit.verify_chain(db).ok


def test_reply_dropped_is_still_applied_once(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.purchase_count is not None, what="first poll")
    fault_when_sent(collector, site, sim, lose_replies=1)  # it lands, its reply is lost
    cid = _recharge(db, site.rooms["1"], "30.00", "recharge-key-0002")
    collector.wake()
    cmd = wait_for(
        lambda: (c := site.command(cid)).status is CommandStatus.CONFIRMED and c, what="confirm"
    )
    assert "read back" in cmd.result
    assert sim.meter(1).purchase_count == 1
    assert sim.meter(1).purchase_total_fen == 3000
    # a second recharge gets the next count and lands too
    cid2 = _recharge(db, site.rooms["1"], "20.00", "recharge-key-0003")
    collector.wake()
    wait_for(lambda: site.command(cid2).status is CommandStatus.CONFIRMED, what="second")
    assert sim.meter(1).purchase_count == 2
    assert sim.meter(1).purchase_total_fen == 5000
    assert verify(db).ok


def test_request_lost_on_the_way_is_sent_again_with_the_same_count(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.purchase_count is not None, what="first poll")
    fault_when_sent(collector, site, sim, ignore_requests=1)  # the frame never arrives
    cid = _recharge(db, site.rooms["1"], "10.00", "recharge-key-0004")
    collector.wake()
    cmd = wait_for(
        lambda: (c := site.command(cid)).status is CommandStatus.CONFIRMED and c, what="confirm"
    )
    assert cmd.attempts == 1  # one command, its frame sent twice by the driver's read-back rule
    assert sim.meter(1).purchase_count == 1
    assert sim.meter(1).purchase_total_fen == 1000


def test_offline_meter_waits_and_completes_when_it_returns(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.online, what="online")
    sim.set_fault(1, dead=True)
    wait_for(lambda: not site.state(1).online, what="offline")
    polls_2 = sim.stats.per_meter.get("2", 0)
    cid = _recharge(db, site.rooms["1"], "25.00", "recharge-key-0005")
    collector.wake()
    # meter 2 keeps being polled while meter 1 is dead and its recharge waits
    wait_for(lambda: sim.stats.per_meter.get("2", 0) > polls_2 + 20, what="meter 2 polled")
    assert site.command(cid).status is CommandStatus.PENDING
    assert sim.meter(1).purchase_count == 0
    sim.set_fault(1, dead=False)
    wait_for(lambda: site.command(cid).status is CommandStatus.CONFIRMED, what="confirmed")
    assert sim.meter(1).purchase_count == 1

    def kinds() -> set[str]:
        with db.read() as s:
            return {
                e.kind for e in s.scalars(select(Event).where(Event.meter_id == site.meters["1"]))
            }

    # the command's outcome and the poll batch with "meter.online" commit separately
    wait_for(
        lambda: {"meter.offline", "meter.online", "recharge.confirmed"} <= kinds(), what="events"
    )
    assert Decimal(sim.meter(1).purchase_total_fen) == 2500
