"""A simulated bus whose DL/T 645 meters answer the AA wildcard one after the other.

On the plain :class:`BusSimulator` several meters answer the wildcard at once and garble
each other (a collision, as on a real wire). Many real meters back off for a random delay
before they answer the wildcard, so their replies arrive whole, one after the other: this
bus does that, so ``bus scan`` can be tested for "two answered in turn" as well as for a
collision. Everything else is the plain bus.

Kept apart from ``bus.py`` (whose transport is being reworked) as a subclass overriding the
DL/T 645 dispatch for wildcard reads only; fold it into ``BusSimulator`` as an option
(``wildcard="in_turn"``) once that work has landed.
"""

from __future__ import annotations

from typing import Any

from drivers import dlt645
from drivers.simulator.bus import BusSimulator
from drivers.simulator.faces import dlt_reply


class TurnTakingBus(BusSimulator):
    """``BusSimulator`` whose DL/T 645 meters answer the wildcard in turn, each after a
    random back-off of ``backoff`` seconds (min, max) after the previous one."""

    def __init__(
        self, *args: Any, backoff: tuple[float, float] = (0.02, 0.06), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.backoff = backoff

    def _serve_dlt(self, raw: bytes, frame: dlt645.Frame, t_first: float, master: int) -> None:
        if (
            frame.address != dlt645.WILDCARD
            or frame.function != dlt645.READ_ADDRESS
            or len(self.by_dlt) < 2
        ):
            super()._serve_dlt(raw, frame, t_first, master)
            return
        self.stats.requests += 1
        due = t_first
        for m in list(self.by_dlt.values()):
            faults = self._faults_for(m.address)
            if self._silent(faults):
                continue
            with m.lock:
                reply = dlt_reply(m, frame, self.clock.now())
            if reply is None:
                continue
            due += self._rng.uniform(*self.backoff)
            self.stats.per_meter[m.address] = self.stats.per_meter.get(m.address, 0) + 1
            self._release(reply, raw, due, self.dlt_turnaround, faults, master)
