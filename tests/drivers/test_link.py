"""Link behaviour on real ptys: trace ring buffer, typed errors, parity on a pty, t3.5."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from drivers import modbus_rtu as rtu
from drivers.bus import link_for, meter_for
from drivers.errors import FrameError, LinkError, MeterTimeout
from drivers.link import Link, SerialSettings
from drivers.modbus_meter import ModbusMaster
from drivers.simulator import BusSimulator


def test_serial_settings_timing() -> None:
    s = SerialSettings(baudrate=9600, parity="E")
    assert s.bits_per_char == 11
    assert s.t35 == pytest.approx(3.5 * 11 / 9600)
    assert SerialSettings(baudrate=38400).t35 == 0.00175
    assert SerialSettings(baudrate=9600, parity="N").bits_per_char == 10
    with pytest.raises(ValueError):
        SerialSettings(parity="X")


def test_pty_refuses_even_parity_so_the_link_opens_it_without(
    make_bus: Callable[..., BusSimulator],
) -> None:
    sim = make_bus(count=1)
    link = link_for(sim.path, "sim-prepaid-modbus")  # profile says 8E1
    try:
        link.open()
        assert link.actual_parity == "N" and link.settings.parity == "E"
        assert link.settings.bits_per_char == 11  # timing still counts the real 8E1 char
    finally:
        link.close()


def test_trace_is_a_bounded_ring_with_decoded_summaries(
    make_bus: Callable[..., BusSimulator],
) -> None:
    sim = make_bus(count=1)
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=115200, trace_size=10)
    try:
        master = ModbusMaster(link)
        for _ in range(20):
            master.read_registers(1, 0, 2)
    finally:
        link.close()
    entries = link.trace.entries()
    assert len(entries) == 10 == link.trace.size
    tx, rx = entries[-2], entries[-1]
    assert tx.direction == "tx" and rx.direction == "rx"
    assert tx.hex == "01 03 00 00 00 02 C4 0B"
    assert "fc=0x03" in tx.summary and rx.error == ""
    assert entries[0].time <= entries[-1].time
    assert set(rx.as_dict()) == {"time", "direction", "hex", "summary", "error"}


def test_timeout_and_bad_crc_are_typed_and_traced(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=2)
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=115200, timeout=0.05)
    master = ModbusMaster(link)
    try:
        started = time.monotonic()
        with pytest.raises(MeterTimeout):
            master.read_registers(9, 0, 2)  # nobody has unit 9
        assert time.monotonic() - started < 0.5
        assert "no reply" in link.trace.entries()[-1].error
        sim.set_fault(1, corrupt=1.0)
        for _ in range(5):  # one damaged byte: CRC, unit/function check, or a length wait
            with pytest.raises((FrameError, MeterTimeout)):
                master.read_registers(1, 0, 2)
            assert link.trace.entries()[-1].error
        assert any("bad CRC" in e.error for e in link.trace.entries())
        sim.set_fault(1, corrupt=0.0)
        assert len(master.read_registers(1, 0, 2)) == 2  # the link recovers by itself
    finally:
        link.close()


def test_missing_port_is_a_link_error_with_back_off(tmp_path: os.PathLike[str]) -> None:
    link = Link(f"{tmp_path}/no-such-tty", backoff_initial=10)
    with pytest.raises(LinkError, match="cannot open"):
        link.open()
    started = time.monotonic()
    with pytest.raises(LinkError, match="next attempt"):
        link.transact(rtu.read_request(1, 3, 0, 1), rtu.reply_framing(rtu.read_request(1, 3, 0, 1)))
    assert time.monotonic() - started < 0.05


def test_client_keeps_t35_on_an_emulated_wire(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=2, baud=38400, wire_time=True)
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=38400)
    try:
        for m in sim.meters:
            meter_for(link, "sim-prepaid-modbus", m.address).read()
    finally:
        link.close()
    assert sim.stats.requests == 4 and sim.stats.violations == 0


def test_a_client_that_ignores_t35_is_counted(make_bus: Callable[..., BusSimulator]) -> None:
    import serial

    sim = make_bus(count=1, baud=38400, wire_time=True)
    port = serial.Serial(sim.path, timeout=0.5)
    try:
        request = rtu.read_request(1, rtu.READ_HOLDING, 0, 2)
        # five requests in one write: requests 2-5 are on the wire before reply 1 even
        # starts, so each one breaks t3.5 by construction, however late any thread runs
        # (a client that writes the next one as soon as it reads a reply would race)
        port.write(request * 5)
        assert len(port.read(9 * 5)) == 9 * 5
    finally:
        port.close()
    sim.stop()  # joins the serving thread: it counts a reply just after sending it
    assert (sim.stats.requests, sim.stats.replies) == (5, 5)
    assert sim.stats.violations == 4
