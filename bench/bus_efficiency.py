"""Bus efficiency of the WattDesk drivers against the simulator's emulated wire.

Linux (or macOS) only: the simulators serve ptys and the wire-time figures rely on Linux's
timer slack; WattDesk itself (the GUI, the demo's in-process sim:// buses) needs neither.

Prints, as a ratio of the physical limit in REFERENCE.md (8E1 = 11 bits per character,
t3.5 of silence before every Modbus frame):

- Modbus RTU 9600 8E1, reading 2, 10 and 40 holding registers (targets >= 97% for 10);
- DL/T 645-2007 2400 8E1, 4-byte identifier with 4 FE, 20 ms meter turnaround (>= 97%);
- t3.5 violations counted by the simulator (target 0);
- client CPU per 10-register transaction with wire time off (target <= 180 us);
- 16 buses in parallel, one thread each (target >= 95% of 16x the single-bus limit).

The simulator runs as separate processes (``python -m drivers.simulator``), as it would on
a real wire, so its CPU does not count against the client's. A bus thread that dies (a
refused port lock, any exception) is a failure, printed with its reason, and the exit status
is 1: its missing transactions are never passed off as a lower rate with "errors 0".
Figures are not a pass/fail part of the test run; record them in docs/drivers.md with the
date and the machine.

    .venv/bin/python bench/bus_efficiency.py [--seconds 6] [--compare-pymodbus]
"""

from __future__ import annotations

import argparse
import platform
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drivers import dlt645  # noqa: E402
from drivers.bus import link_for  # noqa: E402
from drivers.dlt645_meter import Dlt645Master  # noqa: E402
from drivers.modbus_meter import ModbusMaster  # noqa: E402

BITS = 11  # 8E1


def modbus_limit(baud: int, registers: int) -> float:
    """Transactions per second on a perfect wire: request 8 + reply 5+2N bytes, 2 x t3.5."""
    char = BITS / baud
    t35 = 0.00175 if baud > 19200 else 3.5 * char
    return 1 / ((8 + 5 + 2 * registers) * char + 2 * t35)


def dlt645_limit(baud: int, turnaround: float) -> float:
    """4-byte identifier read with 4 FE: 20 bytes out, 24 back, plus the meter's turnaround."""
    return 1 / ((20 + 24) * BITS / baud + turnaround)


class Simulator:
    """``python -m drivers.simulator`` in a child process; reads its t3.5 violation count."""

    def __init__(self, protocol: str, baud: int, wire_time: bool, meters: int = 1) -> None:
        cmd = [
            sys.executable,
            "-m",
            "drivers.simulator",
            "--meters",
            str(meters),
            "--protocol",
            protocol,
            "--baud",
            str(baud),
            "--rate",
            "0",
        ]
        if wire_time:
            cmd.append("--wire-time")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        self.path = self.proc.stdout.readline().strip()
        self.proc.stdout.readline()

    def stop(self) -> int:
        """Stop and return the number of t3.5 violations the simulator counted."""
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=10)
        found = re.search(r"(\d+) t3\.5 violations", err)
        return int(found.group(1)) if found else -1


@dataclass
class Run:
    tx: int
    seconds: float
    cpu: float
    errors: int

    @property
    def rate(self) -> float:
        return self.tx / self.seconds


def run_modbus(path: str, baud: int, registers: int, seconds: float) -> Run:
    link = link_for(path, "sim-prepaid-modbus", baudrate=baud, timeout=1.0, trace_size=256)
    master = ModbusMaster(link)
    master.read_registers(1, 0, registers)  # open, warm up
    tx = errors = 0
    cpu0, t0 = time.thread_time(), time.perf_counter()
    deadline = t0 + seconds
    while time.perf_counter() < deadline:
        try:
            master.read_registers(1, 0, registers)
            tx += 1
        except Exception:  # noqa: BLE001 - a benchmark counts errors, it does not stop
            errors += 1
    run = Run(tx, time.perf_counter() - t0, time.thread_time() - cpu0, errors)
    link.close()
    return run


def run_dlt645(path: str, baud: int, seconds: float) -> Run:
    link = link_for(path, "sim-prepaid-dlt645", baudrate=baud, timeout=1.0, trace_size=256)
    master = Dlt645Master(link)
    address = dlt645.encode_address(1)
    master.read(address, 0x00900200)
    tx = errors = 0
    cpu0, t0 = time.thread_time(), time.perf_counter()
    deadline = t0 + seconds
    while time.perf_counter() < deadline:
        try:
            master.read(address, 0x00900200)
            tx += 1
        except Exception:  # noqa: BLE001
            errors += 1
    run = Run(tx, time.perf_counter() - t0, time.thread_time() - cpu0, errors)
    link.close()
    return run


def run_pymodbus(path: str, baud: int, registers: int, seconds: float) -> Run:
    """pymodbus' own sync serial client, for comparison (REFERENCE.md: ~96%, ~400 us)."""
    from pymodbus.client import ModbusSerialClient

    client = ModbusSerialClient(port=path, baudrate=baud, parity="N", timeout=1, retries=0)
    client.connect()
    client.read_holding_registers(0, count=registers, device_id=1)
    tx = errors = 0
    cpu0, t0 = time.thread_time(), time.perf_counter()
    deadline = t0 + seconds
    while time.perf_counter() < deadline:
        reply = client.read_holding_registers(0, count=registers, device_id=1)
        if reply.isError():
            errors += 1
        else:
            tx += 1
    run = Run(tx, time.perf_counter() - t0, time.thread_time() - cpu0, errors)
    client.close()
    return run


def line(name: str, run: Run, limit: float, violations: int) -> str:
    return (
        f"{name:<44} {run.rate:8.2f} tx/s  limit {limit:7.2f}  {run.rate / limit:7.1%}"
        f"  t3.5 violations {violations:>4}  errors {run.errors}"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=6.0, help="duration of each run")
    p.add_argument("--compare-pymodbus", action="store_true")
    p.add_argument("--buses", type=int, default=16)
    args = p.parse_args()
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')}  {platform.node()}  {platform.processor() or ''}"
        f" {platform.machine()}  Python {platform.python_version()}"
    )

    for registers in (2, 10, 40):
        sim = Simulator("modbus", 9600, wire_time=True)
        run = run_modbus(sim.path, 9600, registers, args.seconds)
        print(
            line(
                f"Modbus 9600 8E1, {registers} registers",
                run,
                modbus_limit(9600, registers),
                sim.stop(),
            ),
            flush=True,
        )

    if args.compare_pymodbus:
        sim = Simulator("modbus", 9600, wire_time=True)
        run = run_pymodbus(sim.path, 9600, 10, args.seconds)
        print(
            line(
                "pymodbus sync client, 9600, 10 registers", run, modbus_limit(9600, 10), sim.stop()
            ),
            flush=True,
        )

    sim = Simulator("dlt645", 2400, wire_time=True)
    run = run_dlt645(sim.path, 2400, max(args.seconds, 10.0))
    print(
        line(
            "DL/T 645 2400 8E1, 4-byte DI, 20 ms turnaround",
            run,
            dlt645_limit(2400, 0.02),
            sim.stop(),
        ),
        flush=True,
    )

    sim = Simulator("modbus", 115200, wire_time=False)
    run = run_modbus(sim.path, 115200, 10, args.seconds)
    sim.stop()
    print(
        f"{'client CPU per 10-register transaction':<44} {run.cpu / run.tx * 1e6:8.1f} us"
        f"  ({run.tx} transactions, wire time off)",
        flush=True,
    )
    if args.compare_pymodbus:
        sim = Simulator("modbus", 115200, wire_time=False)
        run = run_pymodbus(sim.path, 115200, 10, args.seconds)
        sim.stop()
        print(
            f"{'pymodbus sync client CPU per transaction':<44} {run.cpu / run.tx * 1e6:8.1f} us",
            flush=True,
        )

    sims = [Simulator("modbus", 9600, wire_time=True) for _ in range(args.buses)]
    results: list[Run | None] = [None] * args.buses
    deaths: list[str] = []

    def worker(i: int) -> None:
        try:
            results[i] = run_modbus(sims[i].path, 9600, 10, args.seconds)
        except Exception as exc:  # noqa: BLE001 - a dead bus is reported, not averaged in
            deaths.append(f"bus {i} ({sims[i].path}): {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.buses)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    violations = sum(s.stop() for s in sims)
    done = [r for r in results if r is not None]
    total = Run(
        sum(r.tx for r in done),
        max((r.seconds for r in done), default=1.0),
        sum(r.cpu for r in done),
        sum(r.errors for r in done) + len(deaths),
    )
    print(
        line(
            f"{args.buses} buses in parallel, 9600, 10 registers",
            total,
            args.buses * modbus_limit(9600, 10),
            violations,
        ),
        flush=True,
    )
    for death in deaths:
        print(f"FAILED: bus thread died: {death}", flush=True)
    if deaths:
        print(f"FAILED: {len(deaths)} of {args.buses} bus threads died; the figure above is void")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
