"""A relay batch over a building, run by the real collector over a simulated bus (a pty):
every item done, every meter's relay read back; the counter's recharge goes ahead of it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.batch import BATCH_PRIORITY, BatchError, BatchRequest, Selection, batch_detail, create
from app.collector import Collector
from app.db import Database
from app.models import BillingMode, CommandStatus, ItemState, MeterCommand
from drivers.simulator import BusSimulator, SimClock
from tests.collector.conftest import fast_config, make_site, wait_for

from .conftest import Staff, all_done, items


def test_relay_cut_over_a_building(
    db: Database, sim: BusSimulator, sim_clock: SimClock, collector_factory, staff: Staff
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    batch_id = create(db, staff.operator, BatchRequest("cut", Selection(building="1号楼")))
    assert [i.state for i in items(db, batch_id)] == [ItemState.QUEUED] * 4
    collector: Collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: all_done(db, batch_id), 60, "the batch done")
    for address in range(1, 5):
        assert sim.meter(str(address)).relay_cut, address
    with db.read() as s:
        relays = s.scalars(select(MeterCommand).where(MeterCommand.kind == "relay"))
        commands = [c for c in relays if c.payload.get("batch") == batch_id]
    assert len(commands) == 4
    assert all(c.status is CommandStatus.CONFIRMED for c in commands)
    assert all(c.priority == BATCH_PRIORITY and c.payload["batch"] == batch_id for c in commands)
    assert {i.command_id for i in items(db, batch_id)} == {c.id for c in commands}
    detail = batch_detail(db, staff.operator, batch_id)
    assert detail.summary.counts == {"done": 4} and detail.summary.progress == 1.0
    assert site.meter_id(1) in {c.meter_id for c in commands}


def test_a_cashier_may_not_cut(db: Database, sim: BusSimulator, staff: Staff) -> None:
    make_site(db, sim, {"1": BillingMode.PLATFORM})
    from app.security import PermissionDenied

    with pytest.raises(PermissionDenied):
        create(db, staff.cashier, BatchRequest("cut", Selection(rooms=("101",))))
    with pytest.raises(BatchError, match="no room 999"):
        create(db, staff.operator, BatchRequest("cut", Selection(rooms=("999",))))


def test_a_cashier_recharge_overtakes_a_running_batch(
    db: Database, sim_clock: SimClock, collector_factory, staff: Staff
) -> None:
    """The counter's recharge queued mid-batch goes ahead of the batch's queued commands:
    it is confirmed while most of the batch is still to do (it does not wait for the
    batch; the bus runs it right after the batch command on the wire)."""
    from app.ledger.recharge import RechargeRequest, recharge
    from drivers.simulator.model import MICRO

    with BusSimulator(count=16, protocol="modbus", clock=sim_clock) as bus:
        for m in bus.meters:
            m.balance_u, m.max_balance_fen = 100 * MICRO, 10**9
        site = make_site(db, bus, {str(a): BillingMode.METER for a in range(1, 17)})
        batch_id = create(db, staff.operator, BatchRequest("cut", Selection(building="1号楼")))
        collector: Collector = collector_factory(fast_config(sim_clock))
        collector.start()
        wait_for(
            lambda: any(i.state is ItemState.DONE for i in items(db, batch_id)), 60, "first item"
        )
        paid = recharge(
            db,
            staff.cashier,
            RechargeRequest("20.00", "cash", "counter-during-batch", room_id=site.rooms["10"]),
        )
        collector.wake()
        wait_for(lambda: all_done(db, batch_id), 60, "the batch done")
        with db.read() as s:
            mine = s.get(MeterCommand, paid.command_id)
            assert mine is not None and mine.status is CommandStatus.CONFIRMED
            batch = [s.get(MeterCommand, i.command_id) for i in items(db, batch_id)]
        later = [c for c in batch if c is not None and c.updated_at > mine.updated_at]
        # a few batch commands were on the bus already (BATCH_DEPTH), the rest came after
        assert len(later) >= 6, f"only {len(later)} of 16 batch commands after the recharge"
        assert bus.meter("10").purchase_count == 1
