"""Three-phase meters and the profiles from public maps: every new profile loads and plans
few, legal block reads; an SDM630 served by pymodbus' own server over a real pty reads
back with exact per-phase values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from drv_helpers import TcpGateway, no_fd_factory, wait_for

from drivers.bus import link_for, meter_for
from drivers.errors import DriverError, ExceptionReply
from drivers.meter import PHASE_QUANTITIES, PhaseValues, build_snapshot
from drivers.modbus_meter import plan_blocks
from drivers.profiles import get_profile
from tests.threephase_peer import EXPECTED_PHASES, sdm630_on_pty

# profile -> (three-phase, blocks of a full snapshot, blocks of a live poll)
NEW = {
    "eastron-sdm630": (True, 3, 2),
    "chint-dtsu666": (True, 3, 1),
    "acrel-adl400": (True, 2, 1),
    "acrel-dtsy1352": (True, 2, 1),
    "chint-ddsu666": (False, 2, 1),
    "acrel-adl200": (False, 1, 1),
}


@pytest.mark.parametrize("name", sorted(NEW))
def test_new_profile_loads_and_plans_few_legal_reads(name: str) -> None:
    three_phase, full_blocks, live_blocks = NEW[name]
    p = get_profile(name)
    assert p.protocol == "modbus" and p.billing == "platform" and p.relay.method == "none"
    assert p.path.read_text(encoding="utf-8").count("#") >= 5  # the source is cited
    phase_names = {n for n in p.quantities if n in PHASE_QUANTITIES}
    if three_phase:
        assert {"voltage_a", "voltage_b", "voltage_c", "current_a", "current_c"} <= phase_names
    else:
        assert not phase_names and {"voltage", "current", "power"} <= set(p.quantities)
    assert "energy_total" in p.quantities
    snap = [q for q in p.quantities.values() if q.group != "params"]
    blocks = plan_blocks(p, snap)
    assert len(blocks) == full_blocks
    assert sorted(q.name for b in blocks for q in b.quantities) == sorted(q.name for q in snap)
    for b in blocks:
        assert 0 < b.count <= min(p.max_block, 125)
        assert {q.table for q in b.quantities} == {b.table}
        for q in b.quantities:
            assert b.start <= q.address and q.address + q.registers <= b.start + b.count
        if p.even_reads:
            assert b.start % 2 == 0 and b.count % 2 == 0
    assert p.poll.live is not None
    assert len(plan_blocks(p, [p.quantities[n] for n in p.poll.live])) == live_blocks


def test_single_phase_snapshot_has_no_phases() -> None:
    p = get_profile("acrel-adl200")
    snap = build_snapshot(p, "1", {"voltage": Decimal("230.0"), "power": Decimal("1.2")})
    assert snap.phases == {} and snap.voltage == Decimal("230.0") and snap.extra == {}


def test_partial_phase_values_fill_what_was_read() -> None:
    p = get_profile("acrel-dtsy1352")  # no per-phase power in this profile
    snap = build_snapshot(p, "1", {"voltage_a": Decimal("230.1"), "current_b": Decimal("2")})
    assert snap.phases == {
        "a": PhaseValues(voltage=Decimal("230.1")),
        "b": PhaseValues(current=Decimal("2")),
        "c": PhaseValues(),
    }
    assert snap.voltage is None and snap.extra == {}


def _answers(meter: object) -> bool:
    try:
        meter.read_quantities(["voltage_a"])  # type: ignore[attr-defined]
        return True
    except DriverError:
        return False


@pytest.mark.parametrize("transport", ["pty", "gateway", "no-fd"])
def test_sdm630_reads_exact_phases_from_pymodbus_server(transport: str) -> None:
    """pymodbus' server on a pty; the link opens that pty directly (fd fast path), through a
    socket:// TCP gateway (an RS-485-to-Ethernet converter) or as a port without fd."""
    with sdm630_on_pty() as path, TcpGateway(path) as gateway:
        url = gateway.url if transport == "gateway" else path
        link = link_for(url, "eastron-sdm630", timeout=1.0)
        if transport == "no-fd":
            link._factory = no_fd_factory
        try:
            meter = meter_for(link, "eastron-sdm630", 1)
            assert wait_for(lambda: _answers(meter), timeout=10)
            before = len(link.trace.entries(1000))
            snap = meter.read()
            full_frames = len(link.trace.entries(1000)) - before
            live = meter.read_quantities(list(meter.profile.poll.live or ()))
            if transport == "no-fd":
                assert getattr(link._port, "fd", None) is None  # the portable path ran
        finally:
            link.close()
    assert gateway.connections == (1 if transport == "gateway" else 0)
    for phase, (volts, amps, kw) in EXPECTED_PHASES.items():
        assert snap.phases[phase] == PhaseValues(volts, amps, kw), phase
    assert snap.power == Decimal("5.38275")  # the total register, not a sum
    assert snap.power_factor == Decimal("0.955")
    assert snap.frequency == Decimal("50.02")
    assert snap.energy_total == Decimal("15246.75")
    assert snap.extra == {"energy_import": Decimal("15234.5"), "energy_export": Decimal("12.25")}
    assert snap.voltage is None and snap.current is None
    assert full_frames == 6  # three block reads, request + reply each
    assert live["power_c"] == Decimal("0.81225") and "energy_total" not in live


def test_simulated_sdm630_face_reads_through_the_shipped_profile() -> None:
    from datetime import datetime

    from drivers.simulator import BusSimulator, SimClock, VirtualMeter

    three = VirtualMeter(
        address="1",
        protocol="modbus",
        face="sdm630",
        seed=0,
        energy=[100, 200, 300, 400],
        balance_u=0,
        frozen_power_w=3000.0,
    )
    prepaid = VirtualMeter(address="2", protocol="modbus", frozen_power_w=500.0)
    clock = SimClock(start=datetime(2026, 11, 20, 10, 0), rate=0)
    with BusSimulator([three, prepaid], clock=clock) as sim:
        link = link_for(sim.path, "eastron-sdm630", timeout=0.5)
        try:
            snap = meter_for(link, "eastron-sdm630", 1).read()
            single = meter_for(link, "sim-prepaid-modbus", 2).read()
            with pytest.raises(ExceptionReply) as refused:  # FC03: not an SDM630 function
                meter_for(link, "sim-prepaid-modbus", 1).read()
        finally:
            link.close()
    # seed 0: 217.0 V base, load split 40/35/25 %; no relay, so a zero balance never trips
    assert [snap.phases[p].voltage for p in "abc"] == [
        Decimal("217"),
        Decimal("216.4"),
        Decimal("217.9"),
    ]
    assert [snap.phases[p].power for p in "abc"] == [
        Decimal("1.2"),
        Decimal("1.05"),
        Decimal("0.75"),
    ]
    for p in "abc":
        ph = snap.phases[p]
        assert ph.voltage and ph.power and ph.current
        assert abs(ph.current - ph.power * 1000 / (ph.voltage * Decimal("0.95"))) < Decimal("0.001")
    assert snap.power == Decimal("3") and snap.energy_total == Decimal("10")
    assert snap.power_factor == Decimal("0.95") and snap.frequency == Decimal("50")
    assert refused.value.code == 1
    assert single.phases == {} and single.power == Decimal("0.5")
