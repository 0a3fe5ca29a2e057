"""Simulated park of prepaid meters (Modbus RTU, DL/T 645, mixed) on a pseudo-terminal or,
with ``transport="inproc"``, on an in-process ``sim://NAME`` port (no pty: runs anywhere).

Embedded use (the GUI demo, the collector's tests)::

    with BusSimulator(count=8, protocol="mixed", clock=SimClock(rate=60)) as sim:
        link = link_for(sim.path, "sim-prepaid-modbus")
        ...

Importing this package registers the ``sim://`` URL handler with pyserial.

Command line: ``python -m drivers.simulator --meters 32 --protocol modbus``.
"""

from drivers.simulator import protocol_sim
from drivers.simulator.bus import BusSimulator, BusStats, Faults, ReplyHold, parse_faults
from drivers.simulator.model import SimClock, VirtualMeter, make_meters

PROFILE_FOR = {"modbus": "sim-prepaid-modbus", "dlt645": "sim-prepaid-dlt645"}

__all__ = [
    "PROFILE_FOR",
    "BusSimulator",
    "BusStats",
    "Faults",
    "ReplyHold",
    "SimClock",
    "VirtualMeter",
    "make_meters",
    "parse_faults",
    "protocol_sim",
]
