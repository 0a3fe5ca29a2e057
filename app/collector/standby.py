"""A collector that runs only while it holds the lease: standby, holder, standby again.

``LeasedCollector(lease, make).run()`` is what ``python -m app collector`` runs. It looks
at the lease every ``STANDBY_POLL`` seconds until it can take it; while it waits it opens no
port and polls nothing (it only keeps its ``collector_standby`` row fresh and says once who
holds the buses). Holding the lease, it starts the collector ``make(lease)`` builds (whose
dispatcher LISTENs for commands as it starts: a command queued at any desk reaches the new
holder at once) and a ``LeaseKeeper`` that renews it. When the lease is lost the bus
workers have already stopped sending (their gate is the lease's own deadline); the
collector is stopped at once and this desk becomes a standby again. ``stop()`` (Ctrl+C,
SIGTERM, ``--seconds``) stops the collector and gives the lease back, so a standby takes
over at its next look instead of after the lease's ``ttl``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from .lease import STANDBY_POLL, Holder, Lease, LeaseKeeper
from .service import Collector

log = logging.getLogger(__name__)


class LeasedCollector:
    """Standby until the lease is ours, then the collector; thread-safe ``stop()``."""

    def __init__(
        self,
        lease: Lease,
        make: Callable[[Lease], Collector],
        *,
        on_standby: Callable[[Holder], None] = lambda _holder: None,
        on_running: Callable[[Collector], None] = lambda _collector: None,
        on_lost: Callable[[], None] = lambda: None,
        poll: float = STANDBY_POLL,
    ) -> None:
        self.lease, self.make = lease, make
        self.on_standby, self.on_running, self.on_lost = on_standby, on_running, on_lost
        self.poll = poll
        self._stopping = threading.Event()
        self._event = threading.Event()  # a stop, or the keeper's "lost"
        self.collector: Collector | None = None
        self.takeovers = 0  # how often this desk took the lease
        self.taken_at = 0.0  # monotonic, the last time it did

    def stop(self) -> None:
        """Signal-safe: only sets events; ``run()`` does the stopping."""
        self._stopping.set()
        self._event.set()

    def run(self, standby: bool = True) -> bool:
        """Until ``stop()``. With ``standby`` False, return False at once when another desk
        holds the lease (``on_standby`` has told who). True when it ended by a stop."""
        told: str | None = None
        try:
            while not self._stopping.is_set():
                holder = self._look()
                if holder is None and self.lease.held:
                    self._hold()
                    continue
                if holder is not None and holder.holder_id != told:
                    told = holder.holder_id
                    self.on_standby(holder)
                if holder is not None and not standby:
                    return False
                self._event.wait(self.poll)
            return True
        finally:  # also when the collector failed to start: the lease goes back
            self._leave()

    def _look(self) -> Holder | None:
        try:
            return self.lease.try_take()
        except Exception:  # the database is away for a moment: look again later
            log.exception("looking at the collector lease failed")
            return None

    def _leave(self) -> None:
        try:
            self.lease.release()
        except Exception:  # the row expires by itself; standbys ignore stale rows
            log.exception("giving the collector lease back failed")

    def _hold(self) -> None:
        """Run the collector while the lease is ours."""
        self.takeovers += 1
        self.taken_at = time.monotonic()
        lost = threading.Event()

        def gone() -> None:
            lost.set()
            self._event.set()

        collector = self.make(self.lease)
        keeper = LeaseKeeper(self.lease, gone)
        keeper.start()
        try:
            collector.start()
            self.collector = collector
            self.on_running(collector)
            while not self._stopping.is_set() and not lost.is_set():
                self._event.wait()
        finally:
            self.collector = None
            collector.stop()
            keeper.stop()
            keeper.join()
        if lost.is_set() and not self._stopping.is_set():
            self._event.clear()
            self.on_lost()


class HeldCollector:
    """The GUI's collector: started only when this desk can take the lease at once (no
    standby in a window: a desk that finds another desk's collector running just shows
    it). ``on_lost`` is called on the keeper's thread when the lease is lost; the frames
    have stopped already, the caller then calls ``stop()``."""

    def __init__(self, lease: Lease, collector: Collector, keeper: LeaseKeeper) -> None:
        self.lease, self.collector, self.keeper = lease, collector, keeper

    @classmethod
    def take(
        cls, lease: Lease, make: Callable[[Lease], Collector], on_lost: Callable[[], None]
    ) -> HeldCollector | None:
        """The started collector under the lease, or None when another desk holds it."""
        if lease.try_take() is not None or not lease.held:
            lease.release()  # not a standby: no row saying so
            return None
        try:
            collector = make(lease)
            collector.start()
        except BaseException:
            lease.release()
            raise
        keeper = LeaseKeeper(lease, on_lost)
        keeper.start()
        return cls(lease, collector, keeper)

    def stop(self) -> None:
        self.collector.stop()
        self.keeper.stop()
        self.keeper.join()
        try:
            self.lease.release()
        except Exception:  # the row expires by itself
            log.exception("giving the collector lease back failed")
