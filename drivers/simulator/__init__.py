"""Simulated park of prepaid meters on a pseudo-terminal (Modbus RTU, DL/T 645, mixed).

Embedded use (the GUI demo, the collector's tests)::

    with BusSimulator(count=8, protocol="mixed", clock=SimClock(rate=60)) as sim:
        link = link_for(sim.path, "sim-prepaid-modbus")
        ...

Command line: ``python -m drivers.simulator --meters 32 --protocol modbus``.
"""

from drivers.simulator.bus import BusSimulator, BusStats, Faults, parse_faults
from drivers.simulator.model import SimClock, VirtualMeter, make_meters

PROFILE_FOR = {"modbus": "sim-prepaid-modbus", "dlt645": "sim-prepaid-dlt645"}

__all__ = ["PROFILE_FOR", "BusSimulator", "BusStats", "Faults", "SimClock", "VirtualMeter",
           "make_meters", "parse_faults"]
