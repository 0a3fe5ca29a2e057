"""Who to poll next on one bus, so one dead meter never stalls the others.

Pure scheduling logic (no I/O, injectable clock) for the collector's bus worker: meters are
polled round-robin; after ``miss_limit`` consecutive misses a meter is *offline* and only
probed every ``offline_retry`` seconds, so a dead meter costs one timeout per retry period
instead of one per cycle; the first answer brings it back at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass


@dataclass(slots=True)
class Health:
    misses: int = 0
    online: bool = True
    next_probe: float = 0.0
    polls: int = 0
    failures: int = 0


class PollScheduler:
    """Round-robin over meters with offline back-off."""

    def __init__(self, keys: Iterable[Hashable], miss_limit: int = 3,
                 offline_retry: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.keys = list(keys)
        self.health = {k: Health() for k in self.keys}
        self.miss_limit = miss_limit
        self.offline_retry = offline_retry
        self.clock = clock
        self._next = 0

    def next(self) -> Hashable | None:
        """The next meter to poll, or None when every meter is offline and not yet due."""
        now = self.clock()
        n = len(self.keys)
        for i in range(n):
            key = self.keys[(self._next + i) % n]
            h = self.health[key]
            if h.online or now >= h.next_probe:
                self._next = (self._next + i + 1) % n
                return key
        return None

    def report(self, key: Hashable, ok: bool) -> None:
        """Record the outcome of one poll of ``key``."""
        h = self.health[key]
        h.polls += 1
        if ok:
            h.misses, h.online = 0, True
            return
        h.failures += 1
        h.misses += 1
        if h.misses >= self.miss_limit:
            h.online = False
            h.next_probe = self.clock() + self.offline_retry

    def offline(self) -> list[Hashable]:
        return [k for k, h in self.health.items() if not h.online]
