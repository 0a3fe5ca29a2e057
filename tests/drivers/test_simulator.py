"""The simulator itself: consumption and billing, relays, clean embedding, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from drv_helpers import wait_for

from drivers.bus import link_for, meter_for
from drivers.simulator import BusSimulator, SimClock, VirtualMeter, parse_faults
from drivers.simulator.model import BAND_BY_HOUR, MICRO

ROOT = Path(__file__).resolve().parents[2]


def test_consumption_deducts_the_balance_by_band_exactly() -> None:
    vm = VirtualMeter(address="1", protocol="modbus", frozen_power_w=2000.0, balance_u=500 * MICRO)
    start = datetime(2026, 3, 2, 6, 0)
    vm.advance(start)
    vm.advance(datetime(2026, 3, 2, 10, 0))  # 2 h valley (06-08) + 2 h peak (08-10)
    assert vm.energy == [0, 400, 0, 400]  # 4 kWh each in 0.01 kWh
    # valley 0.3000 and peak 0.7000 yuan/kWh: 4 x 0.3 + 4 x 0.7 = 4.00 yuan
    assert vm.balance_u == 496 * MICRO
    assert BAND_BY_HOUR[19] == 0  # evening sharp band


def test_the_meter_trips_at_the_cut_off_line_and_a_recharge_restores() -> None:
    vm = VirtualMeter(address="1", protocol="modbus", frozen_power_w=3000.0, balance_u=1 * MICRO)
    vm.advance(datetime(2026, 3, 2, 12, 0))
    vm.advance(datetime(2026, 3, 2, 13, 0))
    assert vm.relay_cut and vm.balance_fen <= 0
    energy = vm.energy_total
    vm.advance(datetime(2026, 3, 2, 14, 0))
    assert vm.energy_total == energy  # a cut relay stops the load
    assert vm.recharge(1000, 1) == 1 and not vm.relay_cut


def test_purchase_count_rules() -> None:
    vm = VirtualMeter(address="1", protocol="modbus", max_balance_fen=10_000, balance_u=0)
    assert vm.recharge(5000, 1) == 1
    assert vm.recharge(5000, 1) == 2  # repeat
    assert vm.recharge(5000, 3) == 3  # count + 2
    assert vm.recharge(5001, 2) == 4  # over the maximum balance
    assert vm.purchase_count == 1 and vm.balance_fen == 5000


def test_accelerated_clock_runs_the_park(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=2, protocol="mixed", clock=SimClock(datetime(2026, 3, 2, 19), 3600))
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=115200)
    try:
        meter = meter_for(link, "sim-prepaid-modbus", 1)
        first = meter.read()
        assert wait_for(lambda: meter.read().energy_total > first.energy_total, timeout=5)
        later = meter.read()
    finally:
        link.close()
    assert later.balance < first.balance  # type: ignore[operator]


def test_faults_spec_parsing() -> None:
    faults = parse_faults("corrupt=0.1,dead@3,slow=0.4@2,flaky@5,garbage=0.05")
    assert faults[None].corrupt == 0.1 and faults[None].garbage == 0.05
    assert faults["3"].dead and faults["2"].slow == 0.4 and faults["5"].flaky
    with pytest.raises(ValueError):
        parse_faults("explode@1")


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_embedded_start_stop_leaks_no_thread_or_fd() -> None:
    before_fds, before_threads = _fds(), threading.active_count()
    for _ in range(3):
        sim = BusSimulator(count=2)
        link = link_for(sim.start(), "sim-prepaid-modbus", baudrate=115200)
        meter_for(link, "sim-prepaid-modbus", 1).read()
        link.close()
        sim.stop()
    assert _fds() == before_fds and threading.active_count() == before_threads


def test_command_line_prints_its_pty_and_serves() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.simulator",
            "--meters",
            "3",
            "--protocol",
            "dlt645",
            "--rate",
            "0",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        path = proc.stdout.readline().strip()
        meters = proc.stdout.readline().split()
        assert path.startswith("/dev/pts/") and meters[0] == "dlt645:000000000001"
        link = link_for(path, "sim-prepaid-dlt645", baudrate=115200)
        try:
            snap = meter_for(link, "sim-prepaid-dlt645", 3).read()
        finally:
            link.close()
        assert snap.address == "000000000003" and snap.energy_total is not None
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


def test_command_line_rejects_bad_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "drivers.simulator", "--faults", "boom"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and "unknown fault" in result.stderr
