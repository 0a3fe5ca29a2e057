"""The live feed: collector batches -> Qt signals -> room summaries for tree and wall.

The collector calls its observers on its own threads; ``LiveFeed`` re-emits each batch
through a queued signal so that only the GUI thread touches widgets. It then reads the
summaries of just the rooms whose meters changed (``app.livedata.room_live``) in a worker
thread. Batches that arrive while a read is in flight are merged into the next read, so a
slow disk never queues up reads and the GUI never sees more than one refresh in flight.

Without a collector in this process (a second workstation), the feed asks every
``WATCH_MS`` for the rooms filed under the live change counter since the value it last saw
(``app.livedata.refresh``, ``app.livechange``): an unchanged park costs one primary-key
range scan, a busy one the rooms that changed, whoever changed them (the collector on
another desk, a cashier on a third). Events written since the newest it has seen come with
the same read, so alarms and alerts reach this desk too. With the collector here, the feed
watches the counter as well but reads only what the *other* desks filed (a recharge at
another cashier desk), since its own collector's batches come through ``attach``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.collector import ChangeBatch
from app.db import Database
from app.livedata import (
    LiveRefresh,
    LiveStart,
    RoomLive,
    recent_events,
    refresh,
    room_live,
    rooms_with_recent_recharges,
    start,
)
from app.livedata.refresh import newest_read, with_read_at
from app.money import format_yuan

from .bridge import Worker
from .labels import level_label, needs_manager_label

if TYPE_CHECKING:
    from app.collector import Collector  # imported when the collector starts

log = logging.getLogger(__name__)
WATCH_MS = 1000  # a second workstation's refresh period (bench/live_refresh.py)

# what a badge colour means (the legend in the user guide lists the same)
COLOURS = {
    "ok": "#2e7d32",
    "offline": "#757575",
    "low1": "#f9a825",
    "low2": "#ef6c00",
    "low3": "#c62828",
    "cut": "#b71c1c",
    "guaranteed": "#1565c0",
    "pending": "#6a1b9a",
    "vacant": "#9e9e9e",
    "vacant_draw": "#e65100",  # a vacant room that draws power (app.collector.vacancy)
    "needs_manager": "#ad1457",  # load control: only the dorm manager restores (issue 19)
}


class LiveFeed(QObject):
    """Turns collector batches into ``rooms_updated`` (room id -> RoomLive) on the GUI thread."""

    batch = Signal(object)  # ChangeBatch, on the GUI thread
    rooms_updated = Signal(object)  # dict[int, RoomLive]
    events_arrived = Signal(object)  # list[EventRow], newest first
    refreshed = Signal(object)  # LiveRefresh of a second workstation, after it was applied
    _incoming = Signal(object)  # emitted on a collector thread, delivered queued
    _start_watch = Signal()  # attach() runs on the worker that starts the collector

    def __init__(self, db: Database, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.zone = db, zone
        self.worker = Worker(self)
        self.collector: Collector | None = None
        self.meter_room: dict[int, int] = {}
        self.rooms: dict[int, RoomLive] = {}
        self._dirty_rooms: set[int] = set()
        self._dirty_events: list[int] = []
        self._all = False
        self._commands_dirty = False
        self._busy = False
        self._watching = False  # following another desk's collector
        self._own = False  # the collector runs in this process
        # newest meter answer this desk has shown: without the collector, later answers
        # move the tiles' age even when they changed nothing the room shows
        self._read_since: datetime | None = None
        self._unsubscribe: Any = None
        self.seq = -1  # live counter value this desk has read up to (-1: not loaded)
        self._last_event: int | None = None  # newest event seen (second workstation)
        self._incoming.connect(self._on_batch)
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.check_changes)
        # queued when emitted off the GUI thread: a QTimer starts only on its own thread
        self._start_watch.connect(self._watch.start)

    # -- wiring ------------------------------------------------------------------------
    def attach(self, collector: Collector) -> None:
        """Listen to an in-process collector (call before ``collector.start()``); the
        counter is still watched, for what other desks change (a cashier's recharge)."""
        self.collector = collector
        self._unsubscribe = collector.hub.subscribe(self._incoming.emit)
        self._own = True
        self._start_watch.emit()  # any thread: the timer starts on the GUI thread

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.collector = None
        self._own = False
        self._watch.stop()

    def watch_other_workstation(self) -> None:
        """No collector here: follow the shared live change counter instead."""
        self._own = False
        self._watching = True
        self._watch.start()

    def check_changes(self) -> None:
        """One refresh from the live change counter (the timer calls it; so may a test).

        With the collector in this process, only what other desks filed is read (its own
        poll batches arrive through ``attach``) and events come from its batches."""
        if self._busy:
            return
        if self.seq < 0:  # not loaded yet: the full read comes first
            if self._watching:
                self.load()
            return
        db, zone, seq, own = self.db, self.zone, self.seq, self._own
        after = None if own else self._last_event
        since = None if own else self._read_since

        def read() -> LiveRefresh:
            with db.read() as s:
                return refresh(s, zone, seq, after, own_collector=own, read_since=since)

        self._busy = True
        self.worker.submit(read, self._refreshed, self._failed)

    def _refreshed(self, result: LiveRefresh) -> None:
        self._busy = False
        self.seq = max(self.seq, result.seq)
        if not self._own:
            self._last_event = max(result.last_event, self._last_event or 0)
        rooms = with_read_at(self.rooms, result)
        self._read_since = newest_read(rooms, self._read_since)
        self._publish(rooms, result.events)
        self.refreshed.emit(result)
        self._kick()

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        """Meter -> room map and every room's summary (after the tree is built)."""
        db, zone = self.db, self.zone

        def read() -> LiveStart:
            with db.read() as s:
                return start(s, zone)

        self._busy = True
        self.worker.submit(read, self._loaded, self._failed)

    def refresh_all(self) -> None:
        self._all = True
        self._kick()

    def refresh_rooms(self, rooms: set[int]) -> None:
        self._dirty_rooms |= rooms
        self._kick()

    def _loaded(self, result: LiveStart) -> None:
        self.meter_room = result.meter_room
        self.seq = max(self.seq, result.seq)
        self._busy = False
        self._read_since = newest_read(result.rooms, self._read_since)
        self._publish(result.rooms, [])
        if self._watching:
            self.check_changes()  # note where the events stand

    def _on_batch(self, batch: ChangeBatch) -> None:
        self.batch.emit(batch)
        for meter in batch.meters | batch.online | batch.offline:
            room = self.meter_room.get(meter)
            if room is not None:
                self._dirty_rooms.add(room)
        if batch.commands:
            self._commands_dirty = True
        self._dirty_events.extend(batch.events)
        self._kick()

    def _kick(self) -> None:
        if self._busy or not (self._dirty_rooms or self._dirty_events or self._all):
            return
        rooms = None if self._all else sorted(self._dirty_rooms)
        events, commands = list(self._dirty_events), self._commands_dirty
        self._dirty_rooms, self._dirty_events, self._all = set(), [], False
        self._commands_dirty = False
        db, zone, meter_room = self.db, self.zone, self.meter_room

        def read() -> tuple[dict[int, RoomLive], list[Any]]:
            with db.read() as s:
                wanted = rooms
                if commands and wanted is not None:  # pending recharges moved somewhere
                    wanted = sorted(set(wanted) | rooms_with_recent_recharges(s, meter_room))
                live = room_live(s, zone, wanted)
                rows = recent_events(s, ids=events) if events else []
            return live, rows

        self._busy = True
        self.worker.submit(read, self._read_done, self._failed)

    def _read_done(self, result: tuple[dict[int, RoomLive], list[Any]]) -> None:
        self._busy = False
        self._publish(*result)
        self._kick()

    def _publish(self, rooms: dict[int, RoomLive], events: list[Any]) -> None:
        self.rooms.update(rooms)
        if rooms:
            self.rooms_updated.emit(rooms)
        if events:
            self.events_arrived.emit(events)

    def _failed(self, exc: Exception) -> None:
        log.warning("live read failed: %s", exc)
        self._busy = False
        QTimer.singleShot(1000, self._kick)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)


# --------------------------------------------------------------------------- presentation


def badges(live: RoomLive) -> tuple[tuple[str, ...], frozenset[str], list[str]]:
    """Badge colours, filter flags and tooltip lines of a room, most urgent first."""
    colours: list[str] = []
    flags: set[str] = set()
    lines: list[str] = []
    if live.offline:
        colours.append(COLOURS["offline"])
        flags.add("offline")
        lines.append(QCoreApplication.translate("Live", "Meter offline (lost contact)"))
    if live.relay == "open":
        colours.append(COLOURS["cut"])
        flags.add("cut")
        lines.append(QCoreApplication.translate("Live", "Power cut off"))
    if live.needs_manager:
        colours.append(COLOURS["needs_manager"])
        flags.add("needs_manager")
        lines.append(needs_manager_label())
    if live.let and live.level:
        colours.append(COLOURS[f"low{live.level}"])
        flags.add("low")
        lines.append(level_label(live.level))
    if live.guaranteed:
        colours.append(COLOURS["guaranteed"])
        flags.add("guaranteed")
        lines.append(QCoreApplication.translate("Live", "Guaranteed supply (no automatic cut)"))
    if live.vacant_draw:
        colours.append(COLOURS["vacant_draw"])
        flags.add("vacant_draw")
        lines.append(
            QCoreApplication.translate("Live", "Vacant, yet drawing %1").replace(
                "%1", watts(live.power_w)
            )
        )
    if live.pending:
        colours.append(COLOURS["pending"])
        flags.add("pending")
        n = live.pending
        lines.append(QCoreApplication.translate("Live", "%n recharge(s) waiting", "", n))
    return tuple(colours), frozenset(flags), lines


def state_colour(live: RoomLive | None) -> str:
    """The tile colour: the most urgent state wins."""
    if live is None or not live.let:
        return COLOURS["vacant"]
    if live.offline:
        return COLOURS["offline"]
    if live.relay == "open":
        return COLOURS["cut"]
    if live.level:
        return COLOURS[f"low{live.level}"]
    return COLOURS["ok"]


def money(fen: int | None) -> str:
    return "" if fen is None else format_yuan(fen)


def kwh(value: Any) -> str:
    return "" if value is None else f"{value:,.2f}"


def watts(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 1000:,.2f} kW" if abs(value) >= 1000 else f"{value} W"
