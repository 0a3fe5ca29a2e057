"""The simulator plays dormitory appliances (issue 19): a seeded, labelled schedule, the dorm
meters' power and PF from it, and the meter's own load events over the pty."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from drivers.bus import link_for, meter_for
from drivers.simulator import BusSimulator, SimClock, VirtualMeter
from drivers.simulator.appliances import BASE_W, DormRoom, Switch
from drivers.simulator.faces import LIMIT_REGISTER, _write_modbus, modbus_image
from drivers.simulator.model import MICRO, make_meters

MONDAY = datetime(2026, 11, 23)
WEEK = MONDAY + timedelta(days=7)
FORBIDDEN = {
    "kettle", "immersion_heater", "hair_dryer", "electric_blanket", "hand_warmer",
    "fan_heater", "rice_cooker", "induction_hob", "iron",
}  # fmt: skip


def first_use(seed: int, appliance: str) -> Switch:
    return next(s for s in DormRoom(seed).switches(MONDAY, WEEK) if s.appliance == appliance)


def kettle_room() -> int:
    """The first seed whose room owns a kettle (deterministic: the schedule is seeded)."""
    return next(seed for seed in range(100) if "kettle" in DormRoom(seed).units)


def test_the_schedule_is_deterministic_labelled_and_rich_enough() -> None:
    a, b = DormRoom(5), DormRoom(5)
    assert a.units == b.units and a.switches(MONDAY, WEEK) == b.switches(MONDAY, WEEK)
    t = MONDAY + timedelta(hours=21, minutes=7, seconds=3)
    assert a.reading(t) == b.reading(t)
    assert DormRoom(6).switches(MONDAY, WEEK) != a.switches(MONDAY, WEEK)
    kinds: Counter[str] = Counter()
    total = 0
    for seed in range(32):
        for s in DormRoom(seed).switches(MONDAY, WEEK):
            total += 1
            kinds[s.appliance] += 1
            assert s.on < s.off and s.power_w > 0 and 0 < s.pf <= 1
            assert s.forbidden == (s.appliance in FORBIDDEN)
    assert total >= 2000
    for look_alike in ("kettle", "hair_dryer", "fan_heater", "microwave", "laptop", "monitor"):
        assert kinds[look_alike] > 0, look_alike


def test_the_reading_follows_the_labelled_switches() -> None:
    seed = kettle_room()
    room = DormRoom(seed)
    kettle = first_use(seed, "kettle")
    before = room.reading(kettle.on - timedelta(seconds=5))
    during = room.reading(kettle.on + timedelta(seconds=30))
    assert during[0] - before[0] > 0.85 * kettle.power_w  # the voltage moves it a little
    assert during[1] > before[1]  # a resistive load raises the total's PF
    half = room.reading(kettle.on + timedelta(seconds=0.5))  # the meter's 1 s window
    assert 0.3 * kettle.power_w < half[0] - before[0] < 0.7 * kettle.power_w
    assert room.reading(kettle.off + timedelta(seconds=5))[0] < during[0] - 0.85 * kettle.power_w


def test_a_dorm_meter_plays_its_room_and_other_meters_do_not_change() -> None:
    dorm = VirtualMeter(address="3", protocol="modbus", room="dorm", seed=11, play_appliances=True)
    office = VirtualMeter(address="4", protocol="modbus", room="office", seed=11)
    assert dorm.appliances is not None and office.appliances is None
    switches = dorm.switches(MONDAY, WEEK)
    assert switches and switches == DormRoom(dorm.appliances.seed).switches(MONDAY, WEEK)
    use = max(switches, key=lambda s: s.power_w)
    at = use.on + timedelta(seconds=20)
    e = dorm.electrical(at)
    p, pf = dorm.appliances.reading(at, e["voltage"])
    assert e["power_kw"] == p / 1000 and e["pf"] == pf
    assert office.electrical(at)["pf"] == 0.95  # the day/night curve, as before
    quiet = VirtualMeter(address="5", protocol="modbus", room="dorm", seed=11)  # the default
    assert quiet.appliances is None and quiet.electrical(at)["pf"] == 0.95
    # the simulator's own park (pty and sim:// buses): its dorm meters play their rooms
    park = make_meters(12, "mixed", seed=4)
    assert any(m.room == "dorm" for m in park)
    assert all((m.appliances is not None) == (m.room == "dorm") for m in park)


def test_energy_integrates_the_switches_exactly() -> None:
    vm = VirtualMeter(address="7", protocol="modbus", seed=3, balance_u=500 * MICRO)
    vm.play_appliances = True
    assert vm.appliances is not None
    day = MONDAY + timedelta(days=1)
    vm.advance(day)
    vm.advance(day + timedelta(hours=24))
    expected = vm.appliances.energy_j(day, day + timedelta(hours=24))
    assert expected > BASE_W * 86_400
    got = sum(vm.energy) * 36_000 + vm._joules
    assert abs(got - expected) < 300  # rounding of the 5-minute steps only


def test_the_meter_flags_a_malicious_load_and_a_restore_clears_it() -> None:
    seed = kettle_room()
    kettle = first_use(seed, "kettle")
    vm = VirtualMeter(
        address="1", protocol="modbus", seed=0, malicious_w=1000, play_appliances=True
    )
    vm._room = DormRoom(seed)
    vm.advance(kettle.on - timedelta(seconds=30))
    assert not vm.status_flags()["malicious_load"]
    vm.advance(kettle.on + timedelta(seconds=10))
    assert vm.status_flags()["malicious_load"] and not vm.relay_cut
    vm.relay_command("close")
    assert not vm.status_flags()["malicious_load"]
    vm.malicious_w, vm.self_cut = 2500, True  # above the kettle: the rule does not fire
    vm.advance(kettle.off + timedelta(days=1))
    vm.power_limit_w = 1  # any load is over the limit: over-power, and the meter cuts
    vm.advance(kettle.off + timedelta(days=1, seconds=20))
    assert vm.status_flags()["over_power"] and vm.relay_cut
    assert not vm.status_flags()["malicious_load"]


def test_load_flags_and_the_power_limit_over_the_pty(make_bus: Callable[..., BusSimulator]) -> None:
    seed = kettle_room()
    kettle = first_use(seed, "kettle")
    vm = VirtualMeter(
        address="1", protocol="modbus", seed=0, malicious_w=1000, play_appliances=True
    )
    vm._room = DormRoom(seed)
    clock = SimClock(kettle.on + timedelta(seconds=10), rate=0)
    sim = make_bus(meters=[vm], clock=clock)
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=115200)
    try:
        meter = meter_for(link, "sim-prepaid-modbus", 1)
        meter.read()  # the first poll starts the meter's rule window
        clock.start = kettle.on + timedelta(seconds=20)
        assert "malicious_load" not in meter.read().flags  # the kettle went on before
        vm.clear_load_events()
        vm._rules_at = kettle.on - timedelta(seconds=5)  # as if polled just before it
        snap = meter.read()
        assert "malicious_load" in snap.flags and snap.power is not None
        assert float(snap.power) * 1000 > 0.85 * kettle.power_w
        vm.power_limit_w = 800
        assert "over_power" in meter.read().flags
    finally:
        link.close()


def test_the_limits_are_modbus_registers() -> None:
    """0x003E power limit, 0x003F malicious-load threshold (W, u16): read and written."""
    vm = VirtualMeter(address="1", protocol="modbus", room="office")
    now = datetime(2026, 11, 23, 12)
    assert _write_modbus(vm, LIMIT_REGISTER, [1500, 900], now) == 0
    assert (vm.power_limit_w, vm.malicious_w) == (1500, 900)
    assert modbus_image(vm, now)[LIMIT_REGISTER : LIMIT_REGISTER + 2] == [1500, 900]
    assert _write_modbus(vm, LIMIT_REGISTER + 1, [0], now) == 0 and vm.malicious_w == 0
    vm.load_events.add("over_power")
    assert modbus_image(vm, now)[0x25] >> 8 & 1  # the status register's over-power bit
