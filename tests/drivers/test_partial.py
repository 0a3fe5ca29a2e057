"""Real meters are not perfect: a generic meter lacks some identifiers or registers, some
answer DL/T 645 block reads and some refuse them. A snapshot is then partial, names what
the meter does not support, and the refused quantities are asked again only once a day.
Against the simulator (meters configured to lack identifiers) over real ptys, and the
independent ``dlt645`` package's meter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest

from drivers.bus import link_for, meter_for
from drivers.errors import ExceptionReply, RejectedByMeter
from drivers.link import Link
from drivers.meter import Meter
from drivers.simulator import BusSimulator, VirtualMeter

DAY = 86_400.0


class FakeClock:
    """Monotonic seconds that a test moves by hand (the re-probe period is a day)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _frames(link: Link, call: Callable[[], object]) -> int:
    before = link.transactions
    call()
    return link.transactions - before


@pytest.fixture
def dlt_rig(make_bus: Callable[..., BusSimulator]) -> Iterator[tuple[Meter, VirtualMeter]]:
    sim = make_bus(count=1, protocol="dlt645")
    link = link_for(sim.path, "dlt645-2007", baudrate=115200, timeout=0.3)
    meter = meter_for(link, "dlt645-2007", 1)
    meter.clock = FakeClock()
    try:
        yield meter, sim.meters[0]
    finally:
        link.close()


def test_dlt645_meter_lacking_identifiers_gives_a_partial_snapshot(
    dlt_rig: tuple[Meter, VirtualMeter],
) -> None:
    meter, vm = dlt_rig
    vm.unsupported = {0x04000101, 0x04000102, 0x00900201, 0x03330601}  # clock, overdraft...
    snap = meter.read()
    assert snap.unsupported == {
        "overdraft": "DI 00900201",
        "purchase_total": "DI 03330601",
        "clock_date": "DI 04000101",
        "clock_time": "DI 04000102",
    }
    # the rest is there, exact
    assert snap.energy_total == Decimal(vm.energy_total) / 100
    assert snap.balance == Decimal(vm.balance_fen) / 100
    assert snap.purchase_count == vm.purchase_count
    assert snap.clock is None and snap.purchase_total is None
    assert snap.voltage is not None and snap.status_word is not None
    # remembered: the next snapshot does not ask for them again
    link = meter.link
    assert _frames(link, meter.read) == 13 - 4
    assert meter.read().unsupported == snap.unsupported  # still named
    # re-probed once a day: asked again, and a meter that now answers is supported again
    vm.unsupported = {0x00900201}
    clock = meter.clock
    assert isinstance(clock, FakeClock)
    clock.t += DAY - 1
    assert _frames(link, meter.read) == 9
    clock.t += 2
    assert _frames(link, meter.read) == 13
    again = meter.read()
    assert again.unsupported == {"overdraft": "DI 00900201"}
    assert again.clock is not None and again.purchase_total is not None


def test_a_meter_that_refuses_everything_is_still_an_error(
    dlt_rig: tuple[Meter, VirtualMeter],
) -> None:
    meter, vm = dlt_rig
    vm.unsupported = {0x03330201}
    with pytest.raises(RejectedByMeter) as first:
        meter.read_quantities(["purchase_count"])
    assert first.value.reason == "no such data"
    with pytest.raises(RejectedByMeter) as remembered:  # known unsupported: no frame sent
        before = meter.link.transactions
        meter.read_quantities(["purchase_count"])
    assert meter.link.transactions == before
    assert "DI 03330201" in str(remembered.value)
    with pytest.raises(RejectedByMeter):
        meter.purchase_count()  # a recharge read-back never takes "nothing" for a count
    vm.unsupported = set(range(0, 0))
    vm.refuse_blocks = True
    vm.unsupported = {0x00010000, 0x02010100, 0x02020100}
    with pytest.raises(RejectedByMeter):
        meter.read_quantities(["energy_total", "voltage", "current"])


def test_block_reads_halve_the_energy_frames_and_match_single_reads(
    make_bus: Callable[..., BusSimulator],
) -> None:
    sim = make_bus(count=2, protocol="dlt645")
    sim.meters[1].refuse_blocks = True
    sim.meters[1].energy = list(sim.meters[0].energy)
    for vm in sim.meters:  # the same electrical values on both
        vm.seed, vm.frozen_power_w = 7, 1500.0
    link = link_for(sim.path, "dlt645-2007", baudrate=115200, timeout=0.3)
    try:
        blocks, singles = meter_for(link, "dlt645-2007", 1), meter_for(link, "dlt645-2007", 2)
        energy = ["energy_total", "energy_sharp", "energy_peak", "energy_flat", "energy_valley"]
        live = ["voltage", "current", "power", "power_factor"]
        assert _frames(link, lambda: blocks.read_quantities(energy)) == 1
        # probe once (refused), then one identifier per value, and the refusal is remembered
        assert _frames(link, lambda: singles.read_quantities(energy)) == 1 + 5
        assert _frames(link, lambda: singles.read_quantities(energy)) == 5
        assert blocks.read_quantities(energy) == singles.read_quantities(energy)
        assert blocks.read_quantities(live) == singles.read_quantities(live)
        flat = blocks.read_quantities(energy)["energy_flat"]
        assert flat == Decimal(sim.meters[0].energy[2]) / 100
        assert _frames(link, blocks.read) == 13  # 17 identifiers read one by one
        assert _frames(link, singles.read) == 17
        assert blocks.unsupported == {} and singles.unsupported == {}
    finally:
        link.close()


def test_modbus_refused_block_is_split_and_only_the_refusing_register_marked(
    make_bus: Callable[..., BusSimulator],
) -> None:
    sim = make_bus(count=2, protocol="modbus")
    sim.meters[0].unsupported = {0x0026}  # no clock registers
    sim.meters[1].unsupported = {0x0022}  # no purchase count, in the middle of a block
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=115200, timeout=0.3)
    try:
        no_clock, no_count = (
            meter_for(link, "sim-prepaid-modbus", 1),
            meter_for(link, "sim-prepaid-modbus", 2),
        )
        snap = no_clock.read()
        assert snap.unsupported == {"clock": "holding 0x0026"}
        vm = sim.meters[0]
        assert snap.balance == Decimal(vm.balance_fen) / 100 and snap.status_word is not None
        assert snap.purchase_count == vm.purchase_count and snap.clock is None
        assert _frames(link, no_clock.read) == 2  # planned around it: 0x00-0x11, 0x20-0x25
        snap2 = no_count.read()
        assert snap2.unsupported == {"purchase_count": "holding 0x0022"}
        assert snap2.clock is not None and snap2.balance is not None
        assert _frames(link, no_count.read) == 3  # 0x00-0x11, 0x20-0x21, 0x23-0x2B
        sim.meters[1].unsupported = set(range(0x50))
        with pytest.raises(ExceptionReply):
            no_count.read_quantities(["voltage", "current"])  # refuses everything asked
    finally:
        link.close()


def test_generic_profile_on_an_independent_meter_reads_what_it_has(
    dlt645_peer: tuple[str, object],
) -> None:
    path, service = dlt645_peer
    service.set_00(0x00010000, 1234.56)  # type: ignore[attr-defined]
    service.set_00(0x00010300, 234.5)  # type: ignore[attr-defined]
    service.set_02(0x02010100, 221.3)  # type: ignore[attr-defined]
    service.set_02(0x02020100, 5.125)  # type: ignore[attr-defined]
    service.set_02(0x02030000, 1.0765)  # type: ignore[attr-defined]
    link = link_for(path, "dlt645-2007", timeout=0.5)
    try:
        meter = meter_for(link, "dlt645-2007", "000012345678")
        snap = meter.read()
        frames_again = _frames(link, meter.read)
    finally:
        link.close()
    assert snap.energy_total == Decimal("1234.56")
    assert snap.energy_bands["flat"] == Decimal("234.50")
    assert snap.voltage == Decimal("221.3") and snap.current == Decimal("5.125")
    assert snap.power == Decimal("1.0765")
    assert snap.status_word == 0
    # what this meter lacks is named, not a failed read
    for name, di in (
        ("balance", "00900200"),
        ("purchase_count", "03330201"),
        ("purchase_total", "03330601"),
    ):
        assert snap.unsupported[name] == f"DI {di}"
    assert snap.balance is None and snap.purchase_count is None
    # remembered: blocks and missing identifiers are not asked again
    assert frames_again == 17 - len(snap.unsupported)


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ('{ di = 0x02010100, block_index = 1, format = "XXX.X" }', "block_index"),
        ('{ di = 0x02010100, block = 0x02010100, format = "XXX.X" }', "block"),
        ('{ di = 0x02010100, block = "0201FF00", format = "XXX.X" }', "block"),
    ],
)
def test_a_wrong_block_in_a_profile_is_named(tmp_path: object, entry: str, key: str) -> None:
    from pathlib import Path

    from drivers.errors import ProfileError
    from drivers.profiles import load_profile

    path = Path(str(tmp_path)) / "my-meter.toml"
    path.write_text(
        f'name = "my-meter"\nprotocol = "dlt645"\n[quantities]\nvoltage = {entry}\n',
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as exc:
        load_profile(path)
    assert exc.value.key == f"quantities.voltage.{key}"
