"""The AA wildcard read tells the truth: every meter that answered one after the other is
listed, answers that overlapped are a collision, never one meter reported for several.
Against the simulator (plain: meters answer at once; TurnTakingBus: in turn) and against two
meters of the independent ``dlt645`` package behind a test RS-485 hub."""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from drv_helpers import TcpGateway

from drivers import dlt645
from drivers.bus import link_for, meter_for, scan_dlt645
from drivers.dlt645_meter import Dlt645Master
from drivers.errors import BusCollision, FrameError
from drivers.simulator import SimClock, VirtualMeter
from drivers.simulator.wildcard import TurnTakingBus


def test_meters_answering_in_turn_are_all_listed(make_bus: Callable[..., object]) -> None:
    meters = [
        VirtualMeter("000000000007", "dlt645"),
        VirtualMeter("3", "modbus"),
        VirtualMeter("000012345678", "dlt645"),
        VirtualMeter("000000000042", "dlt645"),
    ]
    with TurnTakingBus(meters) as sim:
        link = link_for(sim.path, "dlt645-2007", baudrate=115200)
        try:
            found = scan_dlt645(link, timeout=0.5)
            assert [f.address for f in found] == ["000000000007", "000012345678", "000000000042"]
            assert {f.protocol for f in found} == {"dlt645"}
            with pytest.raises(FrameError, match="3 meters answered"):
                Dlt645Master(link, 0.5).read_address()  # "the" meter: there are three
        finally:
            link.close()
    with TurnTakingBus([VirtualMeter("000000000009", "dlt645")]) as sim:
        link = link_for(sim.path, "dlt645-2007", baudrate=115200)
        try:
            assert Dlt645Master(link, 0.5).read_address() == "000000000009"
        finally:
            link.close()


def test_wildcard_in_turn_and_partial_reads_through_a_tcp_gateway() -> None:
    """The same over ``socket://`` (a port without a file descriptor): the wildcard listens
    through pyserial's API, and a meter lacking identifiers still gives its snapshot."""
    meters = [VirtualMeter("000000000007", "dlt645"), VirtualMeter("000000000008", "dlt645")]
    meters[1].unsupported = {0x04000101, 0x04000102}
    meters[1].refuse_blocks = True
    with TurnTakingBus(meters, clock=SimClock(rate=0)) as sim:
        gateway = TcpGateway(sim.path)
        link = link_for(gateway.url, "dlt645-2007", baudrate=115200)
        try:
            assert [f.address for f in scan_dlt645(link, timeout=0.5)] == [
                "000000000007",
                "000000000008",
            ]
            snap = meter_for(link, "dlt645-2007", 8).read()
            assert snap.unsupported == {"clock_date": "DI 04000101", "clock_time": "DI 04000102"}
            assert snap.energy_total == Decimal(meters[1].energy_total) / 100
        finally:
            link.close()
            gateway.close()


def test_meters_answering_at_once_are_a_collision(make_bus: Callable[..., object]) -> None:
    sim = make_bus(count=2, protocol="dlt645")  # the plain bus garbles simultaneous answers
    link = link_for(sim.path, "dlt645-2007", baudrate=115200)  # type: ignore[attr-defined]
    try:
        with pytest.raises(BusCollision) as exc:
            scan_dlt645(link, timeout=0.3)
        assert exc.value.found == []
        assert "collision" in link.trace.entries()[-1].error
    finally:
        link.close()


class Rs485Hub:
    """A two-wire bus in a thread: what the master sends reaches every meter; the meters'
    answers reach the master either one after the other (``in_turn``, as meters with a
    random back-off answer) or at the same time, byte by byte interleaved (``at_once``)."""

    def __init__(self, meters: int, mode: str) -> None:
        self.mode = mode
        self._fds: list[int] = []
        self.master_fd, self.path = self._pty()
        pairs = [self._pty() for _ in range(meters)]
        self.meter_fds = [fd for fd, _ in pairs]
        self.meter_paths = [path for _, path in pairs]
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="rs485-hub", daemon=True)
        self._thread.start()

    def _pty(self) -> tuple[int, str]:
        master, slave = os.openpty()
        tty.setraw(slave)
        self._fds += [master, slave]
        return master, os.ttyname(slave)

    def _run(self) -> None:
        replies = {fd: bytearray() for fd in self.meter_fds}
        while True:
            ready, _, _ = select.select([self.master_fd, *self.meter_fds, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            if self.master_fd in ready:
                data = os.read(self.master_fd, 4096)
                for fd in self.meter_fds:  # everyone on the wire hears the master
                    os.write(fd, data)
            for fd in self.meter_fds:
                if fd in ready:
                    replies[fd] += os.read(fd, 4096)
            # an answer goes on the wire once every meter has answered whole (the package
            # meters answer at once; the hub decides how their answers meet on the wire)
            if all(dlt645.find_frame(r)[0] is not None for r in replies.values()):
                answers = [bytes(r) for r in replies.values()]
                for r in replies.values():
                    r.clear()
                if self.mode == "in_turn":
                    wire = b"".join(answers)
                else:
                    width = max(map(len, answers))
                    wire = bytes(a[i] for i in range(width) for a in answers if i < len(a))
                os.write(self.master_fd, wire)

    def close(self) -> None:
        os.write(self._wake_w, b"x")
        self._thread.join(5)
        for fd in (*self._fds, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)


@pytest.fixture
def package_bus() -> Iterator[Rs485Hub]:
    """Two meters of the dlt645 package on one hub (each costs ~2 s to set up: its
    identifier tables are copied per meter, so both modes share them)."""
    from dlt645 import MeterServerService

    hub = Rs485Hub(2, "in_turn")
    services = []
    try:
        for path, address in zip(hub.meter_paths, ("785634120000", "010000000000"), strict=True):
            service = MeterServerService.new_rtu_server(path, 8, 1, 2400, "N", 1.0)
            service.set_address(bytes.fromhex(address))
            assert service.server.start()
            services.append(service)
        yield hub
    finally:
        for service in services:
            service.server.stop()
        hub.close()


def test_two_independent_meters_in_turn_or_colliding(package_bus: Rs485Hub) -> None:
    link = link_for(package_bus.path, "dlt645-2007", timeout=0.5)
    try:
        found = scan_dlt645(link, timeout=0.5)
        assert [f.address for f in found] == ["000012345678", "000000000001"]
        package_bus.mode = "at_once"
        with pytest.raises(BusCollision):
            scan_dlt645(link, timeout=0.5)
    finally:
        link.close()
