"""The live feed: collector batches -> Qt signals -> room summaries for tree and wall.

The collector calls its observers on its own threads; ``LiveFeed`` re-emits each batch
through a queued signal so that only the GUI thread touches widgets. It then reads the
summaries of just the rooms whose meters changed (``app.livedata.room_live``) in a worker
thread. Batches that arrive while a read is in flight are merged into the next read, so a
slow disk never queues up reads and the GUI never sees more than one refresh in flight.

Without a collector in this process (a second workstation), the feed watches the shared
``change_seq`` counter every few seconds; when it moved it reloads the rooms and reads the
events written since the newest it has seen, so alarms and alerts reach this desk too.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.collector import ChangeBatch, Collector, change_seq
from app.db import Database
from app.livedata import RoomLive, latest_event_id, meter_rooms, recent_events, room_live
from app.money import format_yuan

from .bridge import Worker

log = logging.getLogger(__name__)

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
}


class LiveFeed(QObject):
    """Turns collector batches into ``rooms_updated`` (room id -> RoomLive) on the GUI thread."""

    batch = Signal(object)  # ChangeBatch, on the GUI thread
    rooms_updated = Signal(object)  # dict[int, RoomLive]
    events_arrived = Signal(object)  # list[EventRow], newest first
    _incoming = Signal(object)  # emitted on a collector thread, delivered queued

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
        self._unsubscribe: Any = None
        self._seq = -1
        self._last_event: int | None = None  # newest event seen (second workstation)
        self._incoming.connect(self._on_batch)
        self._watch = QTimer(self)
        self._watch.setInterval(5000)
        self._watch.timeout.connect(self._check_seq)

    # -- wiring ------------------------------------------------------------------------
    def attach(self, collector: Collector) -> None:
        """Listen to an in-process collector (call before ``collector.start()``)."""
        self.collector = collector
        self._unsubscribe = collector.hub.subscribe(self._incoming.emit)
        self._watch.stop()

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.collector = None

    def watch_other_workstation(self) -> None:
        """No collector here: follow the shared change counter instead."""
        self._watch.start()

    def _check_seq(self) -> None:
        db = self.db
        self.worker.submit(lambda: change_seq(db), self._seq_read, lambda _exc: None)

    def _seq_read(self, seq: int) -> None:
        if seq != self._seq:
            self._seq = seq
            self.refresh_all()
            self._read_new_events()

    def _read_new_events(self) -> None:
        """Events the other workstation's collector wrote since we last looked; the first
        look only notes where the list stands (the alarms dock loaded what came before)."""
        db, after = self.db, self._last_event

        def read() -> tuple[int, list[Any]]:
            with db.read() as s:
                top = latest_event_id(s)
                rows = [] if after is None else recent_events(s, after_id=after, limit=500)
            return top, rows

        self.worker.submit(read, self._new_events_read, lambda _exc: None)

    def _new_events_read(self, result: tuple[int, list[Any]]) -> None:
        top, rows = result
        self._last_event = max(top, self._last_event or 0)
        if rows:
            self.events_arrived.emit(rows)

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        """Meter -> room map and every room's summary (after the tree is built)."""
        db, zone = self.db, self.zone

        def read() -> tuple[dict[int, int], dict[int, RoomLive]]:
            with db.read() as s:
                return meter_rooms(s), room_live(s, zone)

        self._busy = True
        self.worker.submit(read, self._loaded, self._failed)

    def refresh_all(self) -> None:
        self._all = True
        self._kick()

    def refresh_rooms(self, rooms: set[int]) -> None:
        self._dirty_rooms |= rooms
        self._kick()

    def _loaded(self, result: tuple[dict[int, int], dict[int, RoomLive]]) -> None:
        self.meter_room, rooms = result
        self._busy = False
        self._publish(rooms, [])

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
                    wanted = sorted(set(wanted) | _rooms_with_recharges(s, meter_room))
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


def _rooms_with_recharges(session: Any, meter_room: dict[int, int]) -> set[int]:
    """Rooms whose recharge commands changed recently (pending or confirmed in the last
    minutes): cheap, and keeps the pending badge honest without a full reload."""
    from datetime import timedelta

    from sqlalchemy import select

    from app.models import MeterCommand, utcnow

    since = utcnow() - timedelta(minutes=10)
    ids = session.scalars(
        select(MeterCommand.meter_id).where(
            MeterCommand.kind == "recharge", MeterCommand.updated_at >= since
        )
    )
    return {meter_room[m] for m in ids if m in meter_room}


# --------------------------------------------------------------------------- presentation


def relay_label(relay: str) -> str:
    return {
        "closed": QCoreApplication.translate("Live", "on"),
        "open": QCoreApplication.translate("Live", "cut"),
        "unknown": QCoreApplication.translate("Live", "unknown"),
        "": "",
    }.get(relay, relay)


def online_label(live: RoomLive) -> str:
    if live.meters == 0:
        return ""
    if live.online == live.meters:
        return QCoreApplication.translate("Live", "online")
    if live.unread == live.meters:
        return QCoreApplication.translate("Live", "not read yet")
    if live.online == 0 and not live.unread:
        return QCoreApplication.translate("Live", "offline")
    return f"{live.online}/{live.meters}"


def age_label(read_at: datetime | None, now: datetime | None = None) -> str:
    """How long ago a room's meters last answered: "12 s ago", "3 min ago" (the tiles
    say it, so a value that has not moved is not taken for a live one)."""
    if read_at is None:
        return ""
    seconds = max(0, int(((now or datetime.now(UTC)) - read_at).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("Live", "%1 s ago").replace("%1", str(seconds))
    if seconds < 3600:
        return QCoreApplication.translate("Live", "%1 min ago").replace("%1", str(seconds // 60))
    if seconds < 86400:
        return QCoreApplication.translate("Live", "%1 h ago").replace("%1", str(seconds // 3600))
    return QCoreApplication.translate("Live", "%1 d ago").replace("%1", str(seconds // 86400))


def level_label(level: int) -> str:
    return {
        1: QCoreApplication.translate("Live", "low balance (level 1)"),
        2: QCoreApplication.translate("Live", "low balance (level 2, pre-trip)"),
        3: QCoreApplication.translate("Live", "at the cut-off line (level 3)"),
    }.get(level, "")


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
