"""The same reads against independent peers: a pymodbus server holding an SDM120 map (and a
Waveshare relay module's coils), and the ``dlt645`` package's RTU server for DL/T 645."""

from __future__ import annotations

import struct
from decimal import Decimal

from drv_helpers import PymodbusServer, wait_for

from drivers.bus import link_for, meter_for, relay_channel
from drivers.meter import RelayCommand, RelayState

SDM = {
    0x0000: 230.1,
    0x0006: 4.25,
    0x000C: 978.0,
    0x0012: 1000.5,
    0x0018: -120.0,
    0x001E: 0.978,
    0x0046: 49.98,
    0x0048: 1234.5,
    0x004A: 0.5,
    0x0156: 1235.0,
}


def _words(value: float) -> list[int]:
    hi, lo = struct.unpack(">HH", struct.pack(">f", value))
    return [hi, lo]


class PymodbusPeer(PymodbusServer):
    """pymodbus' own serial server in a thread with its own event loop."""

    def __init__(self, port: str) -> None:
        from pymodbus.simulator import DataType, SimData, SimDevice

        ir = [0] * 0x0160
        for address, value in SDM.items():
            ir[address : address + 2] = _words(value)
        sdm = SimDevice(
            id=1,
            simdata=(
                [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                [SimData(0, values=[0] * 16, datatype=DataType.REGISTERS)],
                [SimData(0, values=ir, datatype=DataType.REGISTERS)],
            ),
        )
        relay = SimDevice(
            id=2,
            simdata=(
                [SimData(0, count=8, values=True, datatype=DataType.BITS)],
                [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                [SimData(0, values=[0] * 16, datatype=DataType.REGISTERS)],
                [SimData(0, values=[0] * 16, datatype=DataType.REGISTERS)],
            ),
        )
        super().__init__(port, [sdm, relay], "pymodbus-peer")


def test_sdm120_profile_reads_pymodbus_server(pymodbus_peer: str) -> None:
    link = link_for(pymodbus_peer, "eastron-sdm120", baudrate=9600, timeout=0.5)
    try:
        meter = meter_for(link, "eastron-sdm120", 1)
        assert wait_for(lambda: _answers(meter), timeout=5)
        snap = meter.read()
    finally:
        link.close()
    assert snap.voltage == Decimal("230.1")
    assert snap.current == Decimal("4.25")
    assert snap.power == Decimal("0.978")  # W in the register, kW in the snapshot
    assert snap.power_factor == Decimal("0.978")
    assert snap.frequency == Decimal("49.98")
    assert snap.energy_total == Decimal("1235")
    assert snap.extra["energy_import"] == Decimal("1234.5")
    assert snap.extra["reactive_power"] == Decimal("-0.12")
    assert snap.relay is RelayState.UNKNOWN and snap.balance is None


def test_relay_module_channel_switches_on_pymodbus_server(pymodbus_peer: str) -> None:
    link = link_for(pymodbus_peer, "waveshare-relay8", timeout=0.5)
    try:
        relay = relay_channel(link, "waveshare-relay8", unit=2, channel=3)
        assert wait_for(lambda: _answers_relay(relay), timeout=5)
        assert relay.state() is RelayState.CLOSED
        cut = relay.switch(RelayCommand.CUT)
        assert cut.confirmed and cut.state is RelayState.CUT
        assert relay.switch(RelayCommand.CLOSE).state is RelayState.CLOSED
        # a monitoring-only meter switched through the module reports the module's state
        meter = meter_for(link, "eastron-sdm120", 1, relay=relay)
        assert meter.set_relay(RelayCommand.CUT).confirmed
        assert meter.read().relay is RelayState.CUT
    finally:
        link.close()


def _answers(meter: object) -> bool:
    from drivers.errors import DriverError

    try:
        meter.read_quantities(["voltage"])  # type: ignore[attr-defined]
        return True
    except DriverError:
        return False


def _answers_relay(relay: object) -> bool:
    from drivers.errors import DriverError

    try:
        relay.state()  # type: ignore[attr-defined]
        return True
    except DriverError:
        return False


def test_dlt645_2007_profile_reads_the_dlt645_package_server(
    dlt645_peer: tuple[str, object],
) -> None:
    path, service = dlt645_peer
    service.set_00(0x00010000, 1234.56)  # type: ignore[attr-defined]
    service.set_00(0x00010300, 234.5)  # type: ignore[attr-defined]
    service.set_02(0x02010100, 221.3)  # type: ignore[attr-defined]
    service.set_02(0x02020100, 5.125)  # type: ignore[attr-defined]
    service.set_02(0x02030000, 1.0765)  # type: ignore[attr-defined]
    service.set_02(0x02060000, 0.951)  # type: ignore[attr-defined]
    service.set_02(0x02800002, 50.01)  # type: ignore[attr-defined]
    link = link_for(path, "dlt645-2007", timeout=0.5)
    try:
        meter = meter_for(link, "dlt645-2007", "000012345678")
        values = meter.read_quantities(
            [
                "energy_total",
                "energy_flat",
                "voltage",
                "current",
                "power",
                "power_factor",
                "frequency",
            ]
        )
    finally:
        link.close()
    assert values == {
        "energy_total": Decimal("1234.56"),
        "energy_flat": Decimal("234.50"),
        "voltage": Decimal("221.3"),
        "current": Decimal("5.125"),
        "power": Decimal("1.0765"),
        "power_factor": Decimal("0.951"),
        "frequency": Decimal("50.01"),
    }
