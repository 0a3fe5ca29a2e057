"""Faults on a real pty bus: a dead meter, damaged frames, a pulled link."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from drv_helpers import wait_for

from drivers.bus import PollScheduler, link_for, meter_for
from drivers.errors import ChecksumError, DriverError, FrameError, LinkError, MeterTimeout
from drivers.simulator import PROFILE_FOR, BusSimulator


def _poll(
    sim: BusSimulator,
    window: float,
    scheduler: PollScheduler,
    meters: dict[str, object],
    tried: dict[str, int] | None = None,
    *,
    turns: int | None = None,
) -> dict[str, int]:
    """Poll for ``window`` seconds, or for ``turns`` turns when given (counted, so a loaded
    machine changes how long it takes, not who gets the turns); count good reads per meter
    (and attempts in ``tried``)."""
    tried = {} if tried is None else tried
    good = dict.fromkeys(meters, 0)
    deadline = time.monotonic() + window

    def more() -> bool:
        if turns is not None:
            return sum(tried.values()) < turns
        return time.monotonic() < deadline

    while more():
        key = scheduler.next()
        if key is None:
            time.sleep(0.001)
            continue
        tried[key] = tried.get(key, 0) + 1  # type: ignore[index]
        try:
            meters[key].read_quantities(["energy_total"])  # type: ignore[attr-defined]
        except DriverError:
            scheduler.report(key, False)
            continue
        scheduler.report(key, True)
        good[key] += 1  # type: ignore[index]
    return good


def test_one_dead_meter_leaves_the_others_poll_rate(make_bus: Callable[..., BusSimulator]) -> None:
    # 38400 baud wire time: a 2-register read is 8.4 ms on the wire, ~119 reads/s
    sim = make_bus(count=32, protocol="modbus", baud=38400, wire_time=True)
    # a reply is due 8.4 ms after the request: 0.25 s is only ever reached by the dead meter,
    # not by a live one whose simulator thread a loaded CPU held up (that looked like a miss)
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=38400, timeout=0.25)
    meters = {m.address: meter_for(link, "sim-prepaid-modbus", m.address) for m in sim.meters}
    live = [k for k in meters if k != "7"]
    try:
        base = _poll(sim, 1.5, PollScheduler(meters, miss_limit=2, offline_retry=2.0), meters)
        sim.set_fault(7, dead=True)
        sched = PollScheduler(meters, miss_limit=2, offline_retry=2.0)
        # warm-up: poll until the dead meter has missed enough to go offline
        assert wait_for(
            lambda: bool(_poll(sim, 0.05, sched, meters)) and sched.offline() == ["7"],
            timeout=3,
            interval=0,
        )
        tried: dict[str, int] = {}
        started = time.monotonic()
        dead = _poll(sim, 0.0, sched, meters, tried, turns=5 * len(live))
        elapsed = time.monotonic() - started
    finally:
        link.close()
    assert sum(base[k] for k in live) > 0
    assert dead["7"] == 0
    # the dead meter costs one timeout per retry period, never one per cycle (counted, not
    # timed: a loaded machine changes the rates but not who gets the turns)
    assert tried.get("7", 0) <= 1 + elapsed / 2.0, tried.get("7")
    assert min(dead[k] for k in live) >= 3
    turns = [tried.get(k, 0) for k in live]
    assert max(turns) - min(turns) <= 1  # every live meter keeps its turn
    assert sim.stats.violations == 0


@pytest.mark.parametrize("protocol", ["modbus", "dlt645"])
def test_damaged_frames_never_give_a_wrong_value(
    make_bus: Callable[..., BusSimulator], protocol: str
) -> None:
    sim = make_bus(count=2, protocol=protocol, faults="corrupt=0.1,garbage=0.03", seed=7)
    link = link_for(sim.path, PROFILE_FOR[protocol], baudrate=115200, timeout=0.03)
    meter = meter_for(link, PROFILE_FOR[protocol], sim.meters[1].address)
    vm = sim.meters[1]
    truth = {
        "energy_total": Decimal(vm.energy_total) / 100,
        "balance": Decimal(vm.balance_fen) / 100,
        "purchase_count": vm.purchase_count,
    }
    ok = failed = 0
    try:
        for _ in range(150):
            try:
                values = meter.read_quantities(list(truth))
            except (ChecksumError, FrameError, MeterTimeout):
                failed += 1
                continue
            assert values == truth
            ok += 1
    finally:
        link.close()
    assert ok > 60 and failed > 5
    assert any(e.error for e in link.trace.entries())


def test_pulled_link_raises_fast_and_reconnects(
    make_bus: Callable[..., BusSimulator], tmp_path: Path
) -> None:
    port = tmp_path / "ttyWATT0"
    sim = make_bus(count=2, protocol="modbus", link_path=port)
    link = link_for(
        str(port), "sim-prepaid-modbus", timeout=0.1, backoff_initial=0.05, backoff_max=0.2
    )
    meter = meter_for(link, "sim-prepaid-modbus", 1)
    try:
        assert meter.read().energy_total is not None
        sim.unplug()
        started = time.monotonic()
        with pytest.raises(LinkError):
            meter.read()
        with pytest.raises(LinkError):  # still gone: refused at once, no hang
            meter.read()
        assert time.monotonic() - started < 1.0
        assert not port.exists() and not link.is_open
        sim.replug()
        assert wait_for(lambda: _reads(meter), timeout=3)
        assert link.is_open and any("opened" in e.error for e in link.trace.entries())
    finally:
        link.close()


def _reads(meter: object) -> bool:
    try:
        meter.read()  # type: ignore[attr-defined]
        return True
    except DriverError:
        return False


def test_flaky_and_reset_meters_recover(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=2, protocol="dlt645", faults="flaky@2")
    link = link_for(sim.path, "sim-prepaid-dlt645", baudrate=115200, timeout=0.03)
    try:
        meter = meter_for(link, "sim-prepaid-dlt645", 2)
        outcomes = []
        for _ in range(6):
            try:
                meter.read_quantities(["balance"])
                outcomes.append(True)
            except MeterTimeout:
                outcomes.append(False)
        assert outcomes.count(True) == 3
        other = meter_for(link, "sim-prepaid-dlt645", 1)
        sim.reset_meter(1, silent_for=0.2)
        with pytest.raises(MeterTimeout):
            other.read()
        assert wait_for(lambda: _reads(other), timeout=3)
        assert sim.meter(1).reset_flag is False  # the flag was read (status word) and cleared
    finally:
        link.close()


def test_scheduler_probes_offline_meters_rarely() -> None:
    now = [0.0]
    s = PollScheduler(["a", "b"], miss_limit=2, offline_retry=10, clock=lambda: now[0])
    order = []
    for _ in range(6):
        key = s.next()
        order.append(key)
        s.report(key, key != "b")
    assert s.offline() == ["b"] and order[-2:] == ["a", "a"]
    now[0] = 11
    assert s.next() == "b"  # due for a probe
    s.report("b", True)
    assert s.offline() == []
