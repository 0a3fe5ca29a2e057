"""Embedded demo buses: ``sim://NAME`` links served by in-process simulated meters.

Each ``sim://`` link gets its own ``drivers.simulator.BusSimulator`` holding exactly that
link's meters (protocol from each meter's profile, addresses from the meter rows, as
``app.demo`` writes them; an ``eastron-sdm630`` meter answers the SDM630's three-phase
map), on a new pty that the bus worker opens like any serial port. The
simulated clock starts at site-local now so the day/night load and the tariff bands match
the wall clock; wire time is emulated at the link's baud so a demo park of 20 buses costs
what real buses would (the CPU is not spent spinning on an infinitely fast pty).
"""

from __future__ import annotations

import logging
import random
import threading
from zoneinfo import ZoneInfo

from drivers.profiles import get_profile
from drivers.simulator import BusSimulator, SimClock, VirtualMeter
from drivers.simulator.model import MICRO, ROOM_TYPES

from .config import naive_local, utc_clock
from .worker import MeterInfo

log = logging.getLogger(__name__)
# profiles whose meters the simulator plays with another face than the prepaid map
SIM_FACES = {"eastron-sdm630": "sdm630"}


def is_sim(url: str) -> bool:
    return url.startswith("sim://")


class SimBuses:
    """Starts one simulator per ``sim://`` link on demand; ``stop()`` stops them all."""

    def __init__(self, zone: ZoneInfo, rate: float = 1.0, wire_time: bool = True) -> None:
        self.zone, self.rate, self.wire_time = zone, rate, wire_time
        self.sims: dict[str, BusSimulator] = {}
        self._lock = threading.Lock()

    def path_for(self, url: str, baud: int, meters: list[MeterInfo], seed: int = 0) -> str:
        with self._lock:
            sim = self.sims.get(url)
            if sim is None:
                sim = BusSimulator(
                    _virtual_meters(meters, seed),
                    baud=baud,
                    wire_time=self.wire_time,
                    clock=SimClock(start=naive_local(utc_clock(), self.zone), rate=self.rate),
                    seed=seed or 1,
                )
                sim.start()
                self.sims[url] = sim
                log.info("simulated bus %s on %s (%d meters)", url, sim.path, len(meters))
            return sim.path

    def stop(self) -> None:
        with self._lock:
            sims, self.sims = list(self.sims.values()), {}
        for sim in sims:
            sim.stop()


def _virtual_meters(meters: list[MeterInfo], seed: int) -> list[VirtualMeter]:
    rng = random.Random(seed)
    out = []
    for m in meters:
        protocol = get_profile(m.profile).protocol
        address = m.address if protocol == "dlt645" else str(int(m.address))
        out.append(
            VirtualMeter(
                address=address,
                protocol=protocol,
                face=SIM_FACES.get(m.profile, "prepaid"),
                room=ROOM_TYPES[rng.randrange(3)],
                seed=rng.randrange(1000),
                energy=[rng.randrange(100, 200_000) for _ in range(4)],
                balance_u=rng.randrange(20, 400) * MICRO,
            )
        )
    return out
