"""A meter that does not answer at a timetable's transition (both back ends, the real
collector on a simulated bus): it gets the cut when it answers again inside the window, and
nothing once the window has closed; each transition once (the command rows prove it).

Meters 1 and 2 stop answering just before lights-out (23:00) while the stored state still
says "online", so the 23:00 cut is queued for all three; meter 3 answers and is cut at once;
meter 1 answers again at 02:00 (inside the window) and is cut then; meter 2 answers at
06:40, after the window: its cut expires unsent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlalchemy import select

from app.collector import Collector, CollectorConfig
from app.db import Database
from app.models import BillingMode, CommandStatus, MeterCommand, TimetableTransition
from app.timecontrol.execute import DueCheck
from drivers.simulator import BusSimulator, SimClock
from drivers.simulator.model import MICRO
from tests.collector.conftest import Site, fast_config, make_site, wait_for

from .conftest import ADMIN, ZONE, at, lights_out
from .test_collector_e2e import jump

METER = BillingMode.METER


@pytest.fixture
def collectors(db: Database) -> Iterator[Callable[[CollectorConfig], Collector]]:
    made: list[Collector] = []

    def make(config: CollectorConfig) -> Collector:
        made.append(Collector(db, config))
        return made[-1]

    yield make
    for collector in made:
        collector.stop()


def _relay_commands(db: Database, meter_id: int) -> list[MeterCommand]:
    with db.read() as s:
        return list(
            s.scalars(
                select(MeterCommand)
                .where(MeterCommand.meter_id == meter_id, MeterCommand.kind == "relay")
                .order_by(MeterCommand.id)
            )
        )


def _online(site: Site, address: int) -> bool:
    state = site.state(address)
    return state is not None and state.online


def test_an_offline_meter_gets_its_cut_inside_the_window_and_never_after(
    db: Database, collectors: Callable[[CollectorConfig], Collector]
) -> None:
    clock = SimClock(start=datetime(2026, 9, 30, 22, 50), rate=0)
    with BusSimulator(count=3, protocol="modbus", clock=clock) as bus:
        for m in bus.meters:
            m.frozen_power_w = 500.0
            m.balance_u = 1000 * MICRO
        site = make_site(db, bus, {"1": METER, "2": METER, "3": METER})
        lights_out(db, ("building", (site.building_id,)))
        config = fast_config(clock, timetable_period=0.05)
        first = collectors(config)
        first.start()
        wait_for(lambda: all(_online(site, a) for a in (1, 2, 3)), 30)
        first.stop()

        for a in (1, 2):  # silent from now on; the stored state still says online
            bus.set_fault(a, dead=True)
        jump(clock, "2026-09-30 23:00")
        queued = DueCheck(db, ADMIN, ZONE).run(at("2026-09-30 23:00")).commands
        assert len(queued) == 3  # the PC's due check at 23:00, as the collector's would

        second = collectors(config)
        second.start()
        wait_for(lambda: bus.meter(3).relay_cut, 30, "meter 3 cut")
        wait_for(lambda: not _online(site, 1) and not _online(site, 2), 30, "offline")
        jump(clock, "2026-10-01 02:00")  # three hours later (the old lifetime was 10 min)
        bus.set_fault(1, dead=False)
        wait_for(lambda: bus.meter(1).relay_cut, 30, "meter 1 cut when it answers again")

        jump(clock, "2026-10-01 06:40")  # the window closed: meter 2's cut must not come
        wait_for(lambda: not bus.meter(1).relay_cut, 30, "meter 1 restored in the morning")
        bus.set_fault(2, dead=False)  # it answers again: its cut (pending or in doubt) expires
        wait_for(
            lambda: _relay_commands(db, site.meter_id(2))[0].status is CommandStatus.EXPIRED,
            30,
            "meter 2's cut expired",
        )
        wait_for(lambda: _online(site, 2), 30, "meter 2 back")
        DueCheck(db, ADMIN, ZONE).run(at("2026-10-01 06:41"))
        second.stop()
        assert not bus.meter(2).relay_cut

    assert [c.payload["action"] for c in _relay_commands(db, site.meter_id(1))] == ["cut", "close"]
    assert [c.status for c in _relay_commands(db, site.meter_id(1))] == [
        CommandStatus.CONFIRMED
    ] * 2
    assert [c.payload["action"] for c in _relay_commands(db, site.meter_id(2))] == ["cut"]
    with db.read() as s:
        rows = s.execute(
            select(TimetableTransition.meter_id, TimetableTransition.kind).order_by(
                TimetableTransition.id
            )
        ).all()
    by_meter = {a: [k for m, k in rows if m == site.meter_id(a)] for a in (1, 2, 3)}
    assert by_meter == {1: ["off", "on"], 2: ["off"], 3: ["off", "on"]}
