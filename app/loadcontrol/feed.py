"""The collector's load feed: every poll of a meter under load control becomes a Sample for
the Detector, a meter's own load flag a Detection (source ``meter``), and what is detected
goes to the load rules, on this feed's own thread (never a bus thread, never the writer's).

A bus thread only calls ``offer(result)``: a set lookup and a queue put. The feed thread
takes what arrived, feeds the detector, hands detections to ``LoadRules.handle`` (one write
transaction per batch) and every ``restore_check`` seconds runs the due restores; the
commands they queue are handed to the buses at once through ``wake``.

Keeping the detector true to the database and the relay (see docs/collector.md):

- every ``refresh`` seconds the feed reads ``load_version`` (two aggregate queries) and,
  when it changed (settings saved, a whitelist entry added, learned or removed, at this
  desk or another), reads the controlled meters again and calls the detector's
  ``refresh(meters)``; after this desk learned an appliance it does so at once;
- a poll that follows a relay command (its ``cause`` is ``relay``: a load cut, a restore,
  an arrears cut or restore, a timetable, an operator) or that shows the relay in another
  state than the poll before (the meter cut or closed it itself) makes the feed call the
  detector's ``forget(meter)`` before that sample: power coming back is every appliance of
  the room at once, not one switched on.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from drivers.meter import RelayState

from ..db import Database
from ..models import LoadLearning
from ..security import Actor
from .rules import LoadRules
from .signals import Detection, Detector, Sample, Verdict
from .store import controlled_meters
from .wiring import load_version

log = logging.getLogger(__name__)
METER_FLAGS = ("malicious_load", "overload", "over_power")


class LoadFeed(threading.Thread):
    """One per collector; ``meters`` is read from the settings at start and every
    ``reload_period`` seconds."""

    def __init__(
        self,
        db: Database,
        rules: LoadRules,
        detector: Detector,
        wake: Callable[[], None],
        owned: set[int],
        restore_check: float = 1.0,
        reload_period: float = 60.0,
        refresh: float = 5.0,
    ) -> None:
        super().__init__(name="collector load feed", daemon=True)
        self.db, self.rules, self.detector, self.wake = db, rules, detector, wake
        self.owned = owned
        self.restore_check, self.reload_period = restore_check, reload_period
        self.refresh_period = refresh
        self.inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.meters: frozenset[int] = frozenset()
        self._flags: dict[int, frozenset[str]] = {}
        self._relay: dict[int, RelayState] = {}
        self._version: tuple[Any, ...] | None = None
        self._halt = threading.Event()
        self.samples = 0
        self.detections = 0
        self.forgets = 0  # relay changes the detector was told of
        self.seconds = 0.0  # time spent in the detector and the rules
        self.reload()

    def reload(self) -> None:
        """The controlled meters again, and the detector's thresholds and whitelists."""
        with self.db.read() as s:
            self._version = load_version(s)
            self.meters = frozenset(controlled_meters(s) & self.owned)
        refresh = getattr(self.detector, "refresh", None)
        if callable(refresh):
            refresh(self.meters)

    def check_version(self) -> bool:
        """Reload when load control's settings or whitelists changed; True if it did."""
        with self.db.read() as s:
            version = load_version(s)
        if version == self._version:
            return False
        self.reload()
        return True

    def offer(self, result: Any) -> None:
        """Called on a bus thread with a ``PollResult``: cheap when the meter is not ours."""
        if result.meter_id in self.meters and result.snapshot is not None:
            self.inbox.put(result)

    def stop(self) -> None:
        self._halt.set()
        self.inbox.put(None)

    def run(self) -> None:
        next_restore = next_reload = 0.0
        next_version = time.monotonic() + self.refresh_period
        while not self._halt.is_set():
            items = self._take()
            try:
                if items:
                    self._detect(items)
                now = time.monotonic()
                if now >= next_restore:
                    next_restore = now + self.restore_check
                    if self.rules.restore_due().commands:
                        self.wake()
                if now >= next_reload:
                    next_reload = now + self.reload_period
                    next_version = now + self.refresh_period
                    self.reload()
                elif now >= next_version:
                    next_version = now + self.refresh_period
                    self.check_version()
            except Exception:  # logged; the feed goes on with the next polls
                log.exception("load feed step failed")

    def _take(self) -> list[Any]:
        try:
            first = self.inbox.get(timeout=self.restore_check)
        except queue.Empty:
            return []
        items = [first]
        while True:
            try:
                items.append(self.inbox.get_nowait())
            except queue.Empty:
                break
        return [i for i in items if i is not None]

    def _detect(self, items: list[Any]) -> None:
        started = time.perf_counter()
        found: list[Detection] = []
        for r in items:
            snap = r.snapshot
            self._relay_change(r.meter_id, snap.relay, r.cause)
            if snap.power is not None:
                pf = float(snap.power_factor) if snap.power_factor is not None else None
                sample = Sample(r.meter_id, r.at, float(snap.power) * 1000.0, pf)
                found += self.detector.feed(sample)
            found += self._meter_events(r.meter_id, r.at, snap.flags)
        self.samples += len(items)
        found = self._worth_handling(found)
        if found:
            self.detections += len(found)
            done = self.rules.handle(found)
            if done.commands:
                self.wake()  # the cut goes out at once, before the next routine poll
            if done.learned:
                self.reload()  # the learned appliance counts from the next poll on
        self.seconds += time.perf_counter() - started

    def _worth_handling(self, found: list[Detection]) -> list[Detection]:
        """Allowed and unknown steps matter only to a room in learning mode (its next step
        up is learned): they go to the rules only while some room is learning (one cheap
        read per batch that has any), so an evening's laptops cost no write transaction."""
        quiet = [d for d in found if d.verdict in (Verdict.ALLOWED, Verdict.UNKNOWN)]
        if not quiet:
            return found
        with self.db.read() as s:
            learning = s.scalar(select(func.count()).select_from(LoadLearning)) or 0
        if learning:
            return found
        return [d for d in found if d.verdict not in (Verdict.ALLOWED, Verdict.UNKNOWN)]

    def _relay_change(self, meter_id: int, relay: RelayState, cause: Any) -> None:
        """Tell the detector to forget a meter whose relay was just switched (by a command,
        or by the meter itself): the next sample is its new starting point."""
        before = self._relay.get(meter_id)
        if relay is not RelayState.UNKNOWN:
            self._relay[meter_id] = relay
        commanded = cause is not None and getattr(cause, "kind", "") == "relay"
        switched = before is not None and relay is not RelayState.UNKNOWN and relay != before
        if commanded or switched:
            forget = getattr(self.detector, "forget", None)
            if callable(forget):
                forget(meter_id)
                self.forgets += 1

    def _meter_events(self, meter_id: int, at: Any, flags: frozenset[str]) -> list[Detection]:
        """A meter-side load flag that was not set at the previous poll."""
        now = frozenset(f for f in flags if f in METER_FLAGS)
        before = self._flags.get(meter_id, frozenset())
        self._flags[meter_id] = now
        return [
            Detection(meter_id, at, Verdict.FORBIDDEN, None, 1.0, None, "meter", flag)
            for flag in sorted(now - before)
        ]


class MeterFlagsOnly:
    """The detector of a collector given none: no platform-side detection (the meters' own
    load flags still act)."""

    def feed(self, sample: Sample) -> list[Detection]:
        return []


def start_feed(
    db: Database, config: Any, actor: Actor, owned: set[int], wake: Callable[[], None]
) -> LoadFeed:
    """The collector's load feed, started (``config`` is the ``CollectorConfig``: its
    ``load_detector`` factory, called with ``db``; ``timezone``, ``clock``,
    ``load_restore_check`` and ``load_refresh``)."""
    factory = config.load_detector
    detector: Detector = factory(db) if factory is not None else MeterFlagsOnly()
    rules = LoadRules(db, actor, config.zone, config.clock)
    feed = LoadFeed(
        db, rules, detector, wake, owned, config.load_restore_check, refresh=config.load_refresh
    )
    feed.start()
    return feed
