"""A three-phase meter through the whole collector: pymodbus' own server plays an Eastron
SDM630 on a real pty, a bus worker polls it with the shipped profile, and the writer stores
the per-phase voltage, current and power in ``meter_state`` (exact scaled integers), over
the pty itself or a ``socket://`` RS-485-to-Ethernet gateway."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.collector import Collector
from app.db import Database
from app.models import (
    BillingMode,
    Building,
    Link,
    Meter,
    MeterRole,
    MeterState,
    Parity,
    Park,
    Protocol,
)
from drivers.simulator import SimClock
from tests.drivers.drv_helpers import TcpGateway
from tests.threephase_peer import EXPECTED_COLUMNS, sdm630_on_pty

from .conftest import fast_config, sim_start, wait_for


def _master_meter(db: Database, url: str) -> int:
    """A building master meter (no room) on its own link, as a property office wires it."""
    with db.write() as s:
        park = Park(name="测试园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="商铺楼")
        s.add(building)
        s.flush()
        link = Link(
            name="master bus",
            url=url,
            protocol=Protocol.MODBUS,
            baud=9600,
            parity=Parity.NONE,
            timeout_ms=1000,
        )
        s.add(link)
        s.flush()
        meter = Meter(
            link_id=link.id,
            address="1",
            profile="eastron-sdm630",
            role=MeterRole.MASTER,
            billing_mode=BillingMode.PLATFORM,
            building_id=building.id,
            label="总表",
        )
        s.add(meter)
        s.flush()
        return meter.id


@pytest.mark.parametrize("transport", ["pty", "gateway"])
def test_collector_stores_sdm630_phases(
    db: Database, collector_factory: Callable[..., Collector], transport: str
) -> None:
    """The bus worker opens the pty itself, or a socket:// TCP gateway in front of it."""
    with sdm630_on_pty() as path, TcpGateway(path) as gateway:
        meter_id = _master_meter(db, gateway.url if transport == "gateway" else path)
        clock = SimClock(start=sim_start(), rate=0)
        collector = collector_factory(fast_config(clock))
        collector.start()

        def stored() -> MeterState | None:
            with db.read() as s:
                st = s.get(MeterState, meter_id)
                full = st is not None and st.energy_total is not None
                return st if full and st.voltage_c_dv is not None else None

        state = wait_for(stored, 40, "the SDM630's phases in meter_state")
        collector.stop()
    assert state.online
    assert gateway.connections >= (1 if transport == "gateway" else 0)
    assert {c: getattr(state, c) for c in EXPECTED_COLUMNS} == EXPECTED_COLUMNS
    assert str(state.energy_total) == "15246.75"
    assert state.voltage_dv is None and state.current_ma is None  # no single-phase values
