"""The main window's collector (issue 20), kept out of main_window.py.

``CollectorHookups`` is mixed into ``MainWindow``: it starts this desk's collector when the
lease on the buses is free (``HeldCollector``), shows another desk's when it is not and,
if this computer asked for it, stands by in the window's process and takes the buses over
when that desk stops (``desk_standby.DeskStandby``); it stops the collector on a lost lease
and on close. Its Qt texts keep the ``MainWindow`` context (``QCoreApplication.translate``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.collector import CollectorConfig
from app.livedata.site import has_enabled_links

from . import desk_standby

if TYPE_CHECKING:
    from app.collector import Collector
    from app.collector.lease import Lease
    from app.collector.standby import HeldCollector


class CollectorHookups:
    """This desk's collector under the lease, for the main window."""

    # set by MainWindow.__init__ before anything here is used
    db: Any
    zone: Any
    worker: Any
    feed: Any
    bus_status: Any
    standby: desk_standby.DeskStandby
    collector: Collector | None
    collector_started: Any
    lease_lost: Any
    statusBar: Any
    _detail: Any
    _held: HeldCollector | None
    _config: CollectorConfig | None
    _others_run: bool
    _closing: bool

    def restart_collector(self) -> None:
        """Stop and start the collector off the GUI thread (after links changed)."""
        collector = self.collector
        if collector is None:
            return
        self.worker.submit(collector.restart, lambda _none: self._collector_up(collector),
                           self._collector_failed)  # fmt: skip

    # -- collector ---------------------------------------------------------------------
    def start_collector(self, config: CollectorConfig | None = None) -> None:
        """Run the collector in this process when the database has enabled links.

        Started in a worker thread: opening ports and starting the demo's simulated buses
        takes a moment the GUI should not freeze for.
        """
        db = self.db
        self._config = config or self._config

        def start() -> Collector | None:
            if not has_enabled_links(db):
                return None
            from app.collector.lease import Lease  # one collector per site: the lease
            from app.collector.standby import HeldCollector

            # None: another desk runs the buses (the status bar says which)
            self._held = HeldCollector.take(Lease(db), self._make, self.lease_lost.emit)
            self._others_run = self._held is None
            return self._held.collector if self._held else None

        self.worker.submit(start, self._collector_up, self._collector_failed)

    def _make(self, lease: Lease) -> Collector:
        """This desk's collector under ``lease`` (on the thread that took it)."""
        from app.collector import Collector

        made = Collector(self.db, self._config or CollectorConfig(timezone=str(self.zone)),
                         lease=lease)  # fmt: skip
        self.feed.attach(made)  # subscribe before the first batch
        return made

    def _collector_up(self, collector: Collector | None) -> None:
        self.collector = collector
        if self._detail is not None:
            self._detail.collector = collector
        self.bus_status.local = collector is not None
        if collector is None:
            self.feed.watch_other_workstation()
            if self._others_run and not self._closing:  # another desk runs the buses
                self.standby.offer(desk_standby.wanted())
        self.bus_status.start()
        self.collector_started.emit(collector)

    def _took_over(self, collector: Collector) -> None:
        """The standby took the buses over: this desk's collector runs now."""
        self.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow", "The other desk stopped; this desk runs the buses now."
            )
        )
        self._collector_up(collector)

    def _standby_lost(self) -> None:
        self._standby_released()
        self._lost_lease_shown()

    def _standby_released(self) -> None:
        self.collector, self.bus_status.local = None, False
        if self._detail is not None:
            self._detail.collector = None
        self.feed.detach()
        self.feed.watch_other_workstation()
        self.bus_status.refresh()

    def _collector_failed(self, exc: Exception) -> None:
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "The collector did not start: %1").replace(
                "%1", str(exc)
            )
        )
        self.feed.watch_other_workstation()
        self.collector_started.emit(None)

    def stop_collector(self) -> None:
        held, self._held, self.collector = self._held, None, None
        self.bus_status.local = False
        self.feed.detach()
        self.standby.stop()
        if held is not None:
            held.stop()

    def _lost_lease(self) -> None:
        """Another desk took the buses over (this one was paused, or cut off): its bus
        workers stopped sending already; stop the rest and watch the other desk's work."""
        self.stop_collector()
        self._lost_lease_shown()
        self.standby.offer(desk_standby.wanted())

    def _lost_lease_shown(self) -> None:
        self.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow", "Another desk took over the collector; this desk stopped polling."
            )
        )
        self.feed.watch_other_workstation()
        self.bus_status.refresh()
