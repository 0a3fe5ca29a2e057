"""One contract, every protocol: the same operations and outcomes against the simulated
Modbus and DL/T 645 prepaid meters over real pseudo-terminals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from drv_helpers import TcpGateway

from drivers import dlt645
from drivers.bus import link_for, meter_for
from drivers.errors import (
    ExceptionReply,
    MeterTimeout,
    RechargeRejected,
    RejectedByMeter,
    UnsupportedByProfile,
)
from drivers.meter import Meter, RelayCommand, RelayState
from drivers.simulator import PROFILE_FOR, BusSimulator, SimClock, VirtualMeter


@dataclass
class Rig:
    sim: BusSimulator
    meter: Meter
    vm: VirtualMeter


@pytest.fixture(params=["modbus", "dlt645"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    protocol = request.param
    sim = BusSimulator(count=3, protocol=protocol, clock=SimClock(rate=0))
    sim.start()
    link = link_for(sim.path, PROFILE_FOR[protocol], timeout=0.15)
    vm = sim.meter(2)
    try:
        yield Rig(sim, meter_for(link, PROFILE_FOR[protocol], vm.address), vm)
    finally:
        link.close()
        sim.stop()


def test_read_snapshot_matches_the_meter(rig: Rig) -> None:
    snap = rig.meter.read()
    vm = rig.vm
    assert snap.energy_total == Decimal(vm.energy_total) / 100
    assert [snap.energy_bands[b] for b in ("sharp", "peak", "flat", "valley")] == [
        Decimal(e) / 100 for e in vm.energy
    ]
    assert snap.balance == Decimal(vm.balance_fen) / 100
    assert snap.purchase_count == vm.purchase_count == 0
    assert snap.purchase_total == 0
    assert snap.relay is RelayState.CLOSED and snap.guarantee is False
    assert Decimal(200) < snap.voltage < Decimal(240)  # type: ignore[operator]
    assert snap.frequency == Decimal("50.00")
    assert snap.clock is not None and abs(snap.clock - datetime.now()) < timedelta(minutes=1)
    assert all(isinstance(v, Decimal) for v in (snap.balance, snap.energy_total, snap.power))


def test_relay_cut_and_close_confirmed_by_read_back(rig: Rig) -> None:
    cut = rig.meter.set_relay(RelayCommand.CUT)
    assert cut.confirmed and cut.state is RelayState.CUT and rig.vm.relay_cut
    assert rig.meter.read().power == 0  # a cut relay stops the load
    close = rig.meter.set_relay(RelayCommand.CLOSE)
    assert close.confirmed and close.state is RelayState.CLOSED and not rig.vm.relay_cut


def test_guaranteed_supply_keeps_the_relay_closed(rig: Rig) -> None:
    assert rig.meter.set_relay(RelayCommand.GUARANTEE_ON).confirmed
    refused = rig.meter.set_relay(RelayCommand.CUT)
    assert not refused.confirmed and refused.state is RelayState.CLOSED
    assert refused.guarantee is True
    assert rig.meter.set_relay(RelayCommand.GUARANTEE_OFF).confirmed
    assert rig.meter.set_relay(RelayCommand.CUT).confirmed


def test_recharge_accepted_once_then_repeat_and_gap_refused(rig: Rig) -> None:
    before = Decimal(rig.vm.balance_fen) / 100
    result = rig.meter.recharge(Decimal("50.00"), 1)
    assert result.count == 1 and result.sends == 1 and not result.confirmed_by_readback
    assert result.balance == before + Decimal("50.00")
    assert rig.vm.purchase_count == 1 and rig.vm.purchase_total_fen == 5000
    with pytest.raises(RechargeRejected) as repeat:
        rig.meter.recharge(Decimal("50.00"), 1)
    assert repeat.value.reason == "repeat"
    with pytest.raises(RechargeRejected) as gap:
        rig.meter.recharge(Decimal("50.00"), 3)  # count + 2
    assert gap.value.reason == "wrong_count"
    assert rig.vm.purchase_count == 1 and rig.vm.balance_fen / 100 == before + 50


def test_recharge_over_maximum_balance_refused(rig: Rig) -> None:
    with pytest.raises(RechargeRejected) as info:
        rig.meter.recharge(Decimal("4999.99"), 1)
    assert info.value.reason == "over_maximum"
    assert rig.vm.purchase_count == 0


def test_money_is_never_float(rig: Rig) -> None:
    with pytest.raises(TypeError):
        rig.meter.recharge(10.5, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        rig.meter.recharge(Decimal("10.005"), 1)


def test_lost_reply_is_decided_by_the_purchase_count(rig: Rig) -> None:
    rig.sim.set_fault(rig.vm.address, lose_replies=1)  # the meter credits, the reply is lost
    result = rig.meter.recharge(Decimal("20.00"), 1)
    assert result.confirmed_by_readback and result.sends == 1
    assert rig.vm.purchase_count == 1 and rig.vm.purchase_total_fen == 2000


def test_lost_request_is_sent_again_exactly_once(rig: Rig) -> None:
    rig.sim.set_fault(rig.vm.address, ignore_requests=1)  # the frame never reached it
    result = rig.meter.recharge(Decimal("20.00"), 1)
    assert result.sends == 2 and not result.confirmed_by_readback
    assert rig.vm.purchase_count == 1 and rig.vm.purchase_total_fen == 2000


def test_dead_meter_recharge_times_out_without_crediting(rig: Rig) -> None:
    rig.sim.set_fault(rig.vm.address, dead=True)
    with pytest.raises(MeterTimeout):
        rig.meter.recharge(Decimal("20.00"), 1)
    assert rig.vm.purchase_count == 0


def test_write_prices_and_thresholds_read_back(rig: Rig) -> None:
    values = {
        "price_1": Decimal("1.2345"),
        "price_4": Decimal("0.2800"),
        "alarm_1": Decimal("25.00"),
        "alarm_2": Decimal("8.00"),
        "max_balance": Decimal("2000.00"),
    }
    assert rig.meter.write_params(values) == values
    params = rig.meter.read_params()
    assert params["price_2"] == Decimal("0.7000") and params["price_1"] == Decimal("1.2345")
    assert rig.vm.prices_e4[0] == 12345 and rig.vm.max_balance_fen == 200000
    with pytest.raises(UnsupportedByProfile):
        rig.meter.write_params({"voltage": Decimal(1)})


def test_clock_sync(rig: Rig) -> None:
    target = datetime(2030, 1, 2, 3, 4, 5)
    rig.meter.sync_clock(target)
    snap = rig.meter.read()  # DL/T 645 sync is a broadcast with no reply: read it back
    assert snap.clock is not None and abs(snap.clock - target) < timedelta(seconds=2)


def test_one_link_serves_a_mixed_bus(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=4, protocol="mixed")
    link = link_for(sim.path, "sim-prepaid-modbus")
    try:
        snaps = [meter_for(link, PROFILE_FOR[m.protocol], m.address).read() for m in sim.meters]
    finally:
        link.close()
    assert [s.energy_total for s in snaps] == [Decimal(m.energy_total) / 100 for m in sim.meters]


def test_dlt645_follow_up_frames_are_joined(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=1, protocol="dlt645", split=8)
    link = link_for(sim.path, "sim-prepaid-dlt645")
    try:
        meter = meter_for(link, "sim-prepaid-dlt645", 1)
        values = meter.read_quantities(["energy_total", "energy_valley"])
        hexes = [e.hex for e in link.trace.entries()]
    finally:
        link.close()
    vm = sim.meter(1)
    assert values == {
        "energy_total": Decimal(vm.energy_total) / 100,
        "energy_valley": Decimal(vm.energy[3]) / 100,
    }
    assert any(" 68 B1 " in h for h in hexes) and any(" 68 12 " in h for h in hexes)


def test_protocol_errors_are_typed(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=2, protocol="mixed")
    link = link_for(sim.path, "sim-prepaid-modbus")
    try:
        modbus = meter_for(link, "sim-prepaid-modbus", 1)
        with pytest.raises(ExceptionReply) as exc:
            modbus.master.read_registers(1, 0x0100, 2)  # type: ignore[attr-defined]
        assert exc.value.code == 2 and exc.value.reason == "illegal data address"
        dlt = meter_for(link, "sim-prepaid-dlt645", 2)
        with pytest.raises(RejectedByMeter) as rej:
            dlt.master.read(dlt.raw_address, 0x12345678)  # type: ignore[attr-defined]
        assert rej.value.reason == "no such data"
        acrel = meter_for(link, "acrel-ddsy1352", 1)
        with pytest.raises(UnsupportedByProfile):
            acrel.recharge(Decimal(1), 1)
        with pytest.raises(UnsupportedByProfile):
            acrel.set_relay(RelayCommand.CUT)
        assert "rejected by meter" in link.trace.entries()[-1].error
    finally:
        link.close()


def test_read_address_with_the_wildcard(make_bus: Callable[..., BusSimulator]) -> None:
    from drivers.dlt645_meter import Dlt645Master

    sim = make_bus(count=1, protocol="dlt645")
    link = link_for(sim.path, "sim-prepaid-dlt645")
    try:
        assert Dlt645Master(link).read_address() == "000000000001"
    finally:
        link.close()


def test_bus_scan_finds_the_meters(make_bus: Callable[..., BusSimulator]) -> None:
    from drivers.bus import scan_dlt645, scan_modbus
    from drivers.errors import FrameError

    sim = make_bus(count=6, protocol="mixed")
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=115200)
    try:
        units = [f.address for f in scan_modbus(link, range(1, 9), timeout=0.02)]
        assert units == ["1", "3", "5"]
        listed = scan_dlt645(link, [2, 4, 7, 6], timeout=0.05)
        assert [f.address for f in listed] == ["000000000002", "000000000004", "000000000006"]
        with pytest.raises(FrameError):  # three meters answer the wildcard at once
            scan_dlt645(link, timeout=0.05)
    finally:
        link.close()
    single = make_bus(count=1, protocol="dlt645")
    link = link_for(single.path, "sim-prepaid-dlt645", baudrate=115200)
    try:
        assert [f.address for f in scan_dlt645(link)] == ["000000000001"]
    finally:
        link.close()


def test_amounts_and_counts_too_big_for_the_frame_are_refused_not_truncated(rig: Rig) -> None:
    """42,949,673.00 yuan once went out as 0.04 yuan (the register was masked); now refused."""
    with pytest.raises(ValueError):
        rig.meter.recharge(Decimal("42949673.00"), 1)
    with pytest.raises(ValueError):
        rig.meter.recharge(
            Decimal("10.00"), 65_536 if rig.meter.profile.protocol == "modbus" else 100_000_000
        )
    assert rig.vm.purchase_count == 0 and rig.vm.purchase_total_fen == 0


@pytest.mark.parametrize("transport", ["pty", "gateway"])
def test_dlt645_relay_valid_until_is_read_in_the_meters_time(transport: str) -> None:
    # the meter's clock holds the park's time; a PC set to another zone (UTC, 8 h behind
    # Beijing) stamped "valid until" in its own time, and the meter refused every command
    sim = BusSimulator(count=1, protocol="dlt645", clock=SimClock(rate=0))
    sim.start()
    gateway = TcpGateway(sim.path) if transport == "gateway" else None  # socket://, no fd
    link = link_for(gateway.url if gateway else sim.path, PROFILE_FOR["dlt645"], timeout=0.3)
    try:
        vm = sim.meter(1)
        meter = meter_for(link, PROFILE_FOR["dlt645"], vm.address)
        park = datetime.now().replace(microsecond=0) + timedelta(hours=8)
        meter.sync_clock(park)
        with pytest.raises(RejectedByMeter) as refused:
            meter.set_relay(RelayCommand.CUT)  # valid until this PC's now + 5 min: stale
        assert refused.value.reasons == ("other error", dlt645.STALE_RELAY)
        assert not vm.relay_cut
        meter.local_now = lambda: park
        assert meter.set_relay(RelayCommand.CUT).confirmed and vm.relay_cut
    finally:
        link.close()
        if gateway is not None:
            gateway.close()
        sim.stop()
