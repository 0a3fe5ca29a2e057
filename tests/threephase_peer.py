"""An independent three-phase meter for tests: pymodbus' own serial server holding an
Eastron SDM630 input-register map (float32, high word first), reached over a real pty pair.

Shared by the driver tests (exact snapshot values) and the collector tests (the same values
stored in ``meter_state``). The expected values are written out by hand next to the register
contents so a change in decoding or scaling cannot go unnoticed.
"""

from __future__ import annotations

import contextlib
import logging
import struct
from collections.abc import Iterator
from decimal import Decimal

from tests.drivers.drv_helpers import NullModem, PymodbusServer

# register -> float value the meter holds (V, A, W, PF, Hz, kWh)
SDM630 = {
    0x0000: 230.1,  # voltage L1
    0x0002: 229.8,
    0x0004: 231.4,
    0x0006: 12.5,  # current L1
    0x0008: 8.25,
    0x000A: 3.75,
    0x000C: 2750.0,  # active power L1, W
    0x000E: 1820.5,
    0x0010: 812.25,
    0x0034: 5382.75,  # total system power, W
    0x003E: 0.955,  # total power factor
    0x0046: 50.02,  # frequency
    0x0048: 15234.5,  # import kWh
    0x004A: 12.25,  # export kWh
    0x0156: 15246.75,  # total kWh
}

# what the snapshot must say (power in kW)
EXPECTED_PHASES = {
    "a": (Decimal("230.1"), Decimal("12.5"), Decimal("2.75")),
    "b": (Decimal("229.8"), Decimal("8.25"), Decimal("1.8205")),
    "c": (Decimal("231.4"), Decimal("3.75"), Decimal("0.81225")),
}

# what meter_state must hold (0.1 V, mA, W; half-up rounding: 1820.5 W -> 1821)
EXPECTED_COLUMNS = {
    "voltage_a_dv": 2301,
    "voltage_b_dv": 2298,
    "voltage_c_dv": 2314,
    "current_a_ma": 12500,
    "current_b_ma": 8250,
    "current_c_ma": 3750,
    "power_a_w": 2750,
    "power_b_w": 1821,
    "power_c_w": 812,
    "power_w": 5383,
    "pf_milli": 955,
    "freq_chz": 5002,
}


def float_words(value: float) -> list[int]:
    hi, lo = struct.unpack(">HH", struct.pack(">f", value))
    return [hi, lo]


class Sdm630Server(PymodbusServer):
    """pymodbus' serial server in a thread with its own event loop, unit ``unit``."""

    def __init__(self, port: str, unit: int = 1, values: dict[int, float] | None = None) -> None:
        from pymodbus.simulator import DataType, SimData, SimDevice

        registers = [0] * 0x0160
        for address, value in (values or SDM630).items():
            registers[address : address + 2] = float_words(value)
        device = SimDevice(
            id=unit,
            simdata=(
                [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                [SimData(0, values=[0] * 16, datatype=DataType.REGISTERS)],
                [SimData(0, values=registers, datatype=DataType.REGISTERS)],
            ),
        )
        super().__init__(port, [device], "sdm630-peer")


@contextlib.contextmanager
def sdm630_on_pty(unit: int = 1) -> Iterator[str]:
    """Serve an SDM630 on one end of a pty null-modem; yield the path of the other end."""
    logging.getLogger("pymodbus").setLevel(logging.ERROR)
    with NullModem() as modem:
        server = Sdm630Server(modem.path_a, unit)
        try:
            yield modem.path_b
        finally:
            server.stop()
