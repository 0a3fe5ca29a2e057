"""The in-process ``sim://`` port, the simulator and the real drivers served through it (no
pty), and an idle pty bus thread that sleeps instead of waking on a timer."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
import serial
from drv_helpers import wait_for

from drivers import dlt645
from drivers import modbus_rtu as rtu
from drivers.bus import link_for, meter_for
from drivers.errors import LinkError
from drivers.meter import RelayCommand, RelayState
from drivers.simulator import PROFILE_FOR, BusSimulator, SimClock, protocol_sim
from drivers.simulator.bus import STALE_FRAME

DEADLINE = 10.0  # generous: the machine is loaded; never a timing assertion


class Recorder:
    """The server side of a bare wire: remembers what the clients wrote."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def __call__(self, data: bytes, at: float) -> None:
        self.writes.append(data)


@pytest.fixture
def wire() -> Iterator[protocol_sim.SimWire]:
    server = Recorder()
    w = protocol_sim.register(f"test-{time.monotonic_ns()}", server)
    w.server = server  # type: ignore[attr-defined]
    yield w
    protocol_sim.unregister(w)


def _port(wire: protocol_sim.SimWire, **kwargs: object) -> serial.SerialBase:
    return serial.serial_for_url(f"sim://{wire.name}", **kwargs)


def _in_thread(fn: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    out: list[object] = []

    def run() -> None:
        try:
            out.append(fn())
        except Exception as exc:  # noqa: BLE001 - the test inspects what the thread got
            out.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, out


def _blocked(wire: protocol_sim.SimWire) -> bool:
    """Wait until a reader sleeps on the wire, so the test wakes a read that truly blocked."""
    return wait_for(lambda: wire.readers_waiting == 1, DEADLINE)


# --- the port ---------------------------------------------------------------------------


def test_port_has_no_fd_and_goes_through_pyserial(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=0.05)
    try:
        assert type(port).__module__ == "drivers.simulator.protocol_sim"
        assert getattr(port, "fd", None) is None
        with pytest.raises((OSError, io.UnsupportedOperation)):
            port.fileno()
        port.write(b"\x01\x02")
        port.flush()
        assert wire.server.writes == [b"\x01\x02"]  # type: ignore[attr-defined]
    finally:
        port.close()


def test_read_times_out_with_what_it_has(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=0.05)
    try:
        assert port.read(4) == b""  # nothing came: the timeout ends the read
        wire.bus_send(b"ab")
        assert port.read(4) == b"ab"  # fewer than asked once the timeout passes
        port.timeout = 0
        assert port.read(1) == b""  # non-blocking
    finally:
        port.close()


def test_blocking_read_is_woken_by_the_reply(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=None)  # no timeout: only data (or a close) ends the read
    try:
        t, got = _in_thread(lambda: port.read(3))
        assert _blocked(wire)
        wire.bus_send(b"x")
        wire.bus_send(b"yz")
        t.join(DEADLINE)
        assert got == [b"xyz"]
    finally:
        port.close()


def test_inter_byte_timeout_ends_a_short_reply(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=None, inter_byte_timeout=0.01)
    try:
        t, got = _in_thread(lambda: port.read(100))
        wire.bus_send(b"abc")
        t.join(DEADLINE)
        assert got == [b"abc"]
    finally:
        port.close()


def test_in_waiting_and_reset_input_buffer(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=0.05)
    try:
        assert port.in_waiting == 0
        wire.bus_send(b"12345")
        assert port.in_waiting == 5
        assert port.read(2) == b"12" and port.in_waiting == 3
        port.reset_input_buffer()
        assert port.in_waiting == 0 and port.read(1) == b""
    finally:
        port.close()


def test_close_wakes_a_blocked_reader(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=None)
    t, got = _in_thread(lambda: port.read(10))
    assert _blocked(wire)
    port.close()
    t.join(DEADLINE)
    assert not t.is_alive() and got == [b""]
    with pytest.raises(serial.PortNotOpenError):
        port.read(1)


def test_unplug_fails_open_ports_and_refuses_new_ones(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=None)
    t, got = _in_thread(lambda: port.read(10))
    assert _blocked(wire)
    protocol_sim.unregister(wire)
    t.join(DEADLINE)
    assert isinstance(got[0], serial.SerialException) and "disconnected" in str(got[0])
    with pytest.raises(serial.SerialException):
        port.write(b"\x01")
    port.close()
    with pytest.raises(serial.SerialException, match="no simulated bus"):
        _port(wire)


def test_exclusive_open_is_refused_on_a_busy_wire(wire: protocol_sim.SimWire) -> None:
    first = _port(wire, exclusive=True)
    try:
        with pytest.raises(serial.SerialException, match="busy"):
            _port(wire, exclusive=True)
    finally:
        first.close()
    _port(wire, exclusive=True).close()  # free again once closed


def test_a_name_runs_once_per_process(wire: protocol_sim.SimWire) -> None:
    with pytest.raises(ValueError, match="already runs"):
        protocol_sim.register(wire.name, Recorder())


def test_a_reply_due_later_is_held_until_then(wire: protocol_sim.SimWire) -> None:
    port = _port(wire, timeout=None)
    try:
        due = time.monotonic() + 0.05
        wire.bus_send(b"late", due)
        assert port.in_waiting == 0 or time.monotonic() >= due  # still on the wire
        assert port.read(4) == b"late"  # the read sleeps until it is due, then gets it
        assert time.monotonic() >= due
    finally:
        port.close()


# --- the simulator on the in-process wire, through a plain pyserial client ----------------


def _transact(
    port: serial.SerialBase, request: bytes, length: Callable[[bytes], int], first: int
) -> bytes:
    port.write(request)
    buf = bytearray(port.read(first))
    need = length(bytes(buf))
    while len(buf) < need:
        more = port.read(need - len(buf))
        if not more:
            break
        buf += more
        need = length(bytes(buf))
    return bytes(buf)


@pytest.mark.parametrize("wire_time", [False, True])
def test_inproc_bus_answers_modbus_and_dlt645(wire_time: bool) -> None:
    with BusSimulator(
        count=2,
        protocol="mixed",
        clock=SimClock(rate=0),
        transport="inproc",
        wire_time=wire_time,
        baud=9600,
    ) as sim:
        assert sim.path.startswith("sim://")
        port = serial.serial_for_url(sim.path, timeout=2.0)
        try:
            request = rtu.read_request(1, rtu.READ_HOLDING, 0, 10)
            started = time.monotonic()
            raw = _transact(port, request, rtu.expected_length, 5)
            took = time.monotonic() - started
            reply = rtu.decode_reply(raw, 1, rtu.READ_HOLDING)
            assert len(reply.registers) == 10
            if wire_time:  # held back until request and reply crossed a 9600 8E1 wire
                assert took >= (len(request) + len(raw)) * 11 / 9600
            dlt = dlt645.read_request(dlt645.encode_address(2), 0x00010000)
            frame = dlt645.decode_frame(_transact(port, dlt, dlt645.expected_length, 12))
            assert frame.address == dlt645.encode_address(2) and frame.control == 0x91
        finally:
            port.close()
        assert sim.stats.requests == 2 and sim.stats.replies == 2


def test_stop_joins_the_thread_and_frees_the_name() -> None:
    before = threading.active_count()
    for _ in range(3):
        sim = BusSimulator(count=1, transport="inproc", name="leak-check")
        port = serial.serial_for_url(sim.start(), timeout=2.0)
        raw = _transact(port, rtu.read_request(1, rtu.READ_HOLDING, 0, 2), rtu.expected_length, 5)
        assert rtu.crc_ok(raw)
        sim.stop()
        with pytest.raises(serial.SerialException):
            port.write(b"\x01")  # the wire went with the simulator
        port.close()
    assert threading.active_count() == before
    assert "leak-check" not in protocol_sim.names()


@pytest.mark.parametrize("transport", ["inproc", "pty"])
def test_stop_cuts_a_slow_reply_short(transport: str) -> None:
    before = threading.active_count()
    sim = BusSimulator(count=1, transport=transport, faults="slow=3600")
    port = serial.serial_for_url(sim.start(), timeout=0)
    try:
        port.write(rtu.read_request(1, rtu.READ_HOLDING, 0, 2))
        assert wait_for(lambda: sim.stats.requests == 1, DEADLINE)
        sim.stop()  # the reply is held for an hour: stop must not wait for it
        assert threading.active_count() == before and sim.stats.replies in (0, 1)
        with pytest.raises(serial.SerialException):
            port.read(1)  # the port went with the bus, and no reply ever came
    finally:
        port.close()
        sim.stop()


def test_the_inproc_bus_needs_no_thread() -> None:
    before = threading.active_count()
    with BusSimulator(count=2, transport="inproc") as sim:
        assert threading.active_count() == before
        port = serial.serial_for_url(sim.path, timeout=2.0)
        try:
            raw = _transact(
                port, rtu.read_request(2, rtu.READ_HOLDING, 0, 2), rtu.expected_length, 5
            )
        finally:
            port.close()
    assert rtu.crc_ok(raw) and raw[0] == 2 and threading.active_count() == before


def test_unplug_and_replug_the_inproc_bus() -> None:
    with BusSimulator(count=1, transport="inproc") as sim:
        port = serial.serial_for_url(sim.path, timeout=2.0)
        sim.unplug()
        with pytest.raises(serial.SerialException):
            port.write(b"\x01")
        port.close()
        with pytest.raises(serial.SerialException):
            serial.serial_for_url(sim.path)
        sim.replug()
        port = serial.serial_for_url(sim.path, timeout=2.0)
        try:
            raw = _transact(
                port, rtu.read_request(1, rtu.READ_HOLDING, 0, 2), rtu.expected_length, 5
            )
            assert rtu.crc_ok(raw)
        finally:
            port.close()


# --- idle bus threads sleep -------------------------------------------------------------


def _idle_wakeups(sim: BusSimulator, seconds: float = 0.4) -> int:
    """Loop turns of the serving thread over an idle period (an observation window, not a
    synchronisation: the old loop turned every 50 ms, so it would count several)."""
    before = sim.wakeups
    threading.Event().wait(seconds)
    return sim.wakeups - before


def test_an_idle_bus_thread_does_not_wake() -> None:
    with BusSimulator(count=1, transport="pty", clock=SimClock(rate=0)) as sim:
        port = serial.serial_for_url(sim.path, timeout=2.0)
        try:
            raw = _transact(
                port, rtu.read_request(1, rtu.READ_HOLDING, 0, 2), rtu.expected_length, 5
            )
            assert rtu.crc_ok(raw)
            assert sim.wakeups >= 1  # the counter counts: the request woke the thread
            assert _idle_wakeups(sim) == 0
            # a fragment is waited on for STALE_FRAME, dropped, and then the thread sleeps
            port.write(b"\x01\x03")
            assert wait_for(lambda: sim.stats.dropped_bytes == 2, DEADLINE)
            assert _idle_wakeups(sim) == 0
        finally:
            port.close()


def test_a_stale_fragment_is_dropped_before_the_next_request() -> None:
    with BusSimulator(count=1, transport="inproc", clock=SimClock(rate=0)) as sim:
        port = serial.serial_for_url(sim.path, timeout=2.0)
        try:
            port.write(b"\x01\x03")  # half a request: line noise once the line stays quiet
            threading.Event().wait(2 * STALE_FRAME)  # the line is quiet (not a sync point)
            raw = _transact(
                port, rtu.read_request(1, rtu.READ_HOLDING, 0, 2), rtu.expected_length, 5
            )
        finally:
            port.close()
        assert rtu.crc_ok(raw) and sim.stats.dropped_bytes == 2


# --- the real drivers through drivers.link over the in-process port ------------------------


@pytest.mark.parametrize("protocol", ["modbus", "dlt645"])
def test_the_drivers_read_and_switch_over_sim_url(protocol: str) -> None:
    with BusSimulator(
        count=3, protocol=protocol, clock=SimClock(rate=0), transport="inproc"
    ) as sim:
        link = link_for(sim.path, PROFILE_FOR[protocol], timeout=1.0)
        try:
            vm = sim.meter(2)
            meter = meter_for(link, PROFILE_FOR[protocol], vm.address)
            snap = meter.read()
            assert snap.energy_total == Decimal(vm.energy_total) / 100
            assert snap.balance == Decimal(vm.balance_fen) / 100
            cut = meter.set_relay(RelayCommand.CUT)
            assert cut.confirmed and cut.state is RelayState.CUT and vm.relay_cut
            assert meter.recharge(Decimal("20.00"), 1).count == 1
            assert vm.purchase_count == 1
            assert link.is_open and getattr(link._port, "fd", None) is None  # pyserial's API
        finally:
            link.close()


def test_the_drivers_keep_wire_time_on_sim_url() -> None:
    with BusSimulator(
        count=2,
        protocol="modbus",
        clock=SimClock(rate=0),
        transport="inproc",
        wire_time=True,
        baud=9600,
    ) as sim:
        link = link_for(sim.path, "sim-prepaid-modbus", baudrate=9600, timeout=1.0)
        try:
            meter = meter_for(link, "sim-prepaid-modbus", 1)
            meter.read()
            transactions = link.transactions
            started = time.monotonic()
            meter.read()
            took = time.monotonic() - started
        finally:
            link.close()
        # each transaction held for at least its smallest request + reply on the wire
        assert took >= (link.transactions - transactions) * (8 + 5) * 11 / 9600
        assert sim.stats.violations == 0


def test_a_link_survives_the_sim_bus_unplugged_and_back() -> None:
    with BusSimulator(
        count=2, protocol="modbus", clock=SimClock(rate=0), transport="inproc"
    ) as sim:
        link = link_for(
            sim.path, "sim-prepaid-modbus", timeout=0.5, backoff_initial=0.01, backoff_max=0.05
        )
        try:
            meter = meter_for(link, "sim-prepaid-modbus", 1)
            meter.read()
            sim.unplug()
            with pytest.raises(LinkError):
                meter.read()
            assert not link.is_open  # the link let go of the vanished port
            with pytest.raises(LinkError, match="no simulated bus"):  # away: open refused
                link.open()
            sim.replug()

            def reads() -> bool:
                try:
                    return meter.read().energy_total is not None
                except LinkError:
                    return False

            assert wait_for(reads, DEADLINE)
        finally:
            link.close()


def test_embedded_inproc_start_stop_leaks_nothing() -> None:
    before = threading.active_count()
    for _ in range(3):
        sim = BusSimulator(count=2, transport="inproc", name="leak-drivers")
        link = link_for(sim.start(), "sim-prepaid-modbus")
        meter_for(link, "sim-prepaid-modbus", 1).read()
        link.close()
        sim.stop()
    assert threading.active_count() == before and "leak-drivers" not in protocol_sim.names()
