"""Fixtures and helpers for the bus commands: simulated buses on real ptys, and the real
``python -m app`` run in subprocesses (several at once where they do not share a port:
each one costs a Python start-up)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO

import pytest

from drivers.simulator import BusSimulator, SimClock, VirtualMeter

TIMEOUT = 60


def app(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``python -m app ARGS`` (the environment of the test: isolated home, keyring)."""
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def finish(proc: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"{proc.args} did not finish: {err}") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run_all(*commands: Sequence[str]) -> list[subprocess.CompletedProcess[str]]:
    """Run the commands at the same time; their results in the same order."""
    procs = [app(*command) for command in commands]
    return [finish(proc) for proc in procs]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return finish(app(*args, env=env))


class Lines:
    """Lines of a child's output read straight from the pipe with a deadline: a buffered
    ``readline`` could block the suite, or hide a line in its buffer from ``select``."""

    def __init__(self, stream: IO[str]) -> None:
        self.fd = stream.fileno()
        self.buffer = b""

    def next(self, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise AssertionError(f"no output line in time (got {self.buffer!r})")
            chunk = os.read(self.fd, 4096)
            if not chunk:
                raise AssertionError(f"output ended early (got {self.buffer!r})")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def wait_for(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


@pytest.fixture
def make_bus() -> Iterator[Callable[..., BusSimulator]]:
    """``make_bus(("modbus", "2"), ("dlt645", "000012345678"))`` -> a started simulator
    with exactly those meters, its clock frozen so every value is exact; stopped after."""
    started: list[BusSimulator] = []

    def make(*meters: tuple[str, str]) -> BusSimulator:
        virtual = [
            VirtualMeter(address=address, protocol=protocol, seed=n)
            for n, (protocol, address) in enumerate(meters)
        ]
        sim = BusSimulator(virtual, clock=SimClock(rate=0))
        sim.start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()
