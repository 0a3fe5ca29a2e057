"""When the control room should make a noise: level-3 alarms and offline storms, rate-limited.

An operator who hears a beep for every one of 50 meters that drop off a bus when a breaker
trips stops listening. So:

- a level-3 event (a room at the cut line, ...) is worth an alert;
- a *storm*: ``storm_threshold`` or more ``meter.offline`` events on one bus within
  ``storm_window`` seconds is one alert ("23 meters went offline on bus 2"); further
  offline events on that bus while the storm lasts (each within ``storm_window`` of the
  previous) only raise its count, they never alert again;
- at most one alert per ``min_interval`` seconds: what comes meanwhile waits, merged into
  one pending alert, and is released by ``tick()`` when the quiet time is over (never
  dropped).

Qt-free and clock-injected so tests drive time without sleeping; ``app.ui.alarms`` makes the
sound, the tray message and the banner from the ``Alert`` objects.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .events import EventRow

OFFLINE = "meter.offline"


@dataclass
class Alert:
    """One alert as the operator sees it; storms and alarms merged while it was pending.

    ``storms``: bus name -> meters that went offline in the storm (grows while it lasts).
    ``alarms``: the level-3 events, oldest first (the banner names the first).
    """

    id: int
    storms: dict[str, int] = field(default_factory=dict)
    alarms: list[EventRow] = field(default_factory=list)

    @property
    def level(self) -> int:
        return 3 if self.alarms else 2


@dataclass
class _Storm:
    alert: Alert
    last: float


class AlertPolicy:
    """Feed it the new events (``feed``), tick it every second (``tick``); both return the
    alerts to raise now (at most one). ``updated`` says whether an alert already raised
    changed (a storm that grew): redraw the banner, no new sound."""

    def __init__(
        self,
        *,
        min_interval: float = 30.0,
        storm_threshold: int = 5,
        storm_window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_interval = min_interval
        self.storm_threshold = max(1, storm_threshold)
        self.storm_window = storm_window
        self.clock = clock
        self.current: Alert | None = None  # the last alert raised
        self.pending: Alert | None = None  # waiting for the quiet time to end
        self.updated = False
        self._last_raise = float("-inf")
        self._offline: dict[str, deque[float]] = {}
        self._storms: dict[str, _Storm] = {}
        self._ids = itertools.count(1)

    def feed(self, rows: Iterable[EventRow]) -> list[Alert]:
        """New events, in any order (sorted oldest first here)."""
        now = self.clock()
        self.updated = False
        for row in sorted(rows, key=lambda r: r.id):
            if row.acked:
                continue
            if row.kind == OFFLINE:
                self._offline_event(row, now)
            elif row.level >= 3:
                self._pending().alarms.append(row)
        return self.tick()

    def tick(self) -> list[Alert]:
        """Raise the pending alert if the quiet time is over."""
        now = self.clock()
        for bus, storm in list(self._storms.items()):
            if now - storm.last > self.storm_window:
                del self._storms[bus]
        if self.pending is None or now - self._last_raise < self.min_interval:
            return []
        alert, self.pending = self.pending, None
        self.current, self._last_raise = alert, now
        return [alert]

    def _pending(self) -> Alert:
        if self.pending is None:
            self.pending = Alert(next(self._ids))
        return self.pending

    def _offline_event(self, row: EventRow, now: float) -> None:
        bus = row.link or "?"
        storm = self._storms.get(bus)
        if storm is not None and now - storm.last <= self.storm_window:
            storm.alert.storms[bus] += 1
            storm.last = now
            if storm.alert is not self.pending:
                self.updated = True
            return
        times = self._offline.setdefault(bus, deque())
        times.append(now)
        while times and now - times[0] > self.storm_window:
            times.popleft()
        if len(times) >= self.storm_threshold:
            alert = self._pending()
            alert.storms[bus] = alert.storms.get(bus, 0) + len(times)
            self._storms[bus] = _Storm(alert, now)
            times.clear()
