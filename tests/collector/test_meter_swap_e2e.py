"""Meter swap (换表补电) end to end: the ledger service carries the old meter's balance as a
durable recharge command on the new meter; the collector writes it with purchase count 1 and
confirms it by reading the count back, like any recharge (before #13 the swap had no caller
and took no final reading; the command's shape is checked here against the real executor)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.collector import Collector
from app.db import Database
from app.ledger.accounts import replace_meter
from app.ledger.journal import meter_funds, verify
from app.models import AuditEntry, BillingMode, CommandStatus, Meter, MeterCommand, Reading
from app.security import audit, system_actor
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for

ADMIN = system_actor(name="cli:test")


def test_swap_carries_the_balance_to_the_new_meter_through_the_collector(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    state = wait_for(
        lambda: (st := site.state(1)) and st.balance_fen and st.energy_total is not None and st,
        what="first poll of the old meter",
    )
    assert sim.meter(3).purchase_count == 0  # a new meter has made no purchase
    new_id = replace_meter(db, ADMIN, site.meter_id(1), "3")
    with db.read() as s:
        command = s.scalars(select(MeterCommand).where(MeterCommand.meter_id == new_id)).one()
        carried = command.payload["amount_fen"]
        old = s.get(Meter, site.meter_id(1))
        final = s.scalars(
            select(Reading).where(Reading.meter_id == old.id, Reading.ts == old.removed_at)
        ).all()
    assert carried > 0 and command.payload["expected_count"] == 1
    assert carried <= state.balance_fen  # as last read (the poll may have moved on since)
    assert old.removed_at is not None and old.replaced_by_id == new_id
    assert [r.energy_total >= state.energy_total for r in final] == [True]  # the final reading
    collector.restart()  # the site changed: the collector now polls the new meter
    collector.wake()
    done = wait_for(
        lambda: (c := site.command(command.id)).status is CommandStatus.CONFIRMED and c,
        what="the carried balance confirmed on the new meter",
    )
    assert done.attempts == 1
    new = sim.meter(3)
    assert new.purchase_count == 1 and new.purchase_total_fen == carried
    with db.read() as s:
        assert meter_funds(s, new_id) == carried  # the meter book moved with the money
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "meter.replace")).one()
    assert verify(db).ok
    assert audit.verify_chain(db).ok
