"""Alarms and events dock (bottom): live list with level, time, room and message.

New events arrive from the live feed (ids in each collector batch, read in a worker);
the newest is on top and the list keeps the last ``MAX_ROWS``. Acknowledging marks the
selected alarms as seen (audited, ``app.livedata.acknowledge_events``); the dock's title
counts unacknowledged alarms of level 2 and above, so a storm is visible even when the
dock is small. A double click opens the room.

Filters (level, kind, building) work on the rows already in memory (at most ``MAX_ROWS``
events, each carrying its building id): changing one re-draws the table in a few
milliseconds and never queries the database, whatever the size of the park. The building
list comes from the park tree the main window loaded (``set_buildings``).

New live events also go to the alert notifier (``alerts.AlertNotifier``): level-3 alarms
and offline storms beep (unless muted), show in the tray when there is one, and always
flash the banner at the top of the dock.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.livedata import EventRow, acknowledge_events, recent_events
from app.security import Actor, Permission

from .alerts import AlertBanner, AlertNotifier
from .bridge import Worker
from .event_labels import event_text, known_kinds
from .labels import event_kind_label, local_time

MAX_ROWS = 500
LEVEL_COLOURS = {0: None, 1: "#fff8e1", 2: "#ffe0b2", 3: "#ffcdd2"}
ID_ROLE = Qt.ItemDataRole.UserRole + 20


class AlarmsDock(QDockWidget):
    room_opened = Signal(int)
    loaded = Signal(int)
    acknowledged = Signal(int)

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AlarmsDock")
        self.db, self.actor, self.zone = db, actor, zone
        self.worker = Worker(self)
        self.rows: list[EventRow] = []
        body = QWidget(self)
        self.table = QTableWidget(0, 4, body)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Level"), self.tr("Room / meter"), self.tr("Message")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 70)
        self.table.setColumnWidth(2, 200)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(self._open)
        self.level = QComboBox(body)
        self.level.addItem(self.tr("All events"), 0)
        self.level.addItem(self.tr("Alarms (level 1+)"), 1)
        self.level.addItem(self.tr("Level 2+"), 2)
        self.level.addItem(self.tr("Level 3 only"), 3)
        self.level.currentIndexChanged.connect(self._refilter)
        self.kind = QComboBox(body)
        self.kind.addItem(self.tr("All kinds"), "")
        for kind in sorted(known_kinds(), key=event_kind_label):
            self.kind.addItem(event_kind_label(kind), kind)
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(18)  # the list itself shows the long names
        self.kind.currentIndexChanged.connect(self._refilter)
        self.building = QComboBox(body)
        self.building.addItem(self.tr("All buildings"), None)
        self.building.currentIndexChanged.connect(self._refilter)
        self.banner = AlertBanner(body)
        self.notifier = AlertNotifier(self.banner, self)
        self.sound = QCheckBox(self.tr("Sound"), body)
        self.sound.setToolTip(
            self.tr("Beep for level-3 alarms and offline storms (the banner shows either way).")
        )
        self.sound.setChecked(not self.notifier.muted)
        self.sound.toggled.connect(lambda on: self.notifier.set_muted(not on))
        self.ack = QPushButton(self.tr("Acknowledge selected"), body)
        self.ack.clicked.connect(self.acknowledge_selected)
        if not actor.can(Permission.ALARM_ACK):
            self.ack.setEnabled(False)
            self.ack.setToolTip(self.tr("Your role reads alarms but may not acknowledge them."))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:"), body))
        bar.addWidget(self.level)
        bar.addWidget(self.kind)
        bar.addWidget(self.building)
        bar.addStretch(1)
        bar.addWidget(self.sound)
        bar.addWidget(self.ack)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setWidget(body)
        self._update_title()

    def set_buildings(self, parks: list[Any]) -> None:
        """Buildings of the loaded park tree (``app.sitetree.ParkNode``) for the filter."""
        chosen = self.building.currentData()
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItem(self.tr("All buildings"), None)
        for park in parks:
            for building in park.buildings:
                name = building.name if len(parks) == 1 else f"{park.name} / {building.name}"
                self.building.addItem(name, building.id)
        index = self.building.findData(chosen)
        self.building.setCurrentIndex(max(0, index))
        self.building.blockSignals(False)
        self._refilter()

    def matches(self, row: EventRow) -> bool:
        """The filters, on one row in memory."""
        if row.level < (self.level.currentData() or 0):
            return False
        kind = self.kind.currentData()
        if kind and row.kind != kind:
            return False
        building = self.building.currentData()
        return building is None or row.building_id == building

    def load(self) -> None:
        db = self.db

        def read() -> list[EventRow]:
            with db.read() as s:
                return recent_events(s, limit=MAX_ROWS)

        self.worker.submit(read, self._loaded)

    def _loaded(self, rows: list[EventRow]) -> None:
        self.rows = rows
        self._refilter()
        self.loaded.emit(len(rows))

    def add_events(self, rows: list[EventRow]) -> None:
        """Newest first, as ``recent_events`` returns them."""
        known = {r.id for r in self.rows}
        fresh = [r for r in rows if r.id not in known]
        if not fresh:
            return
        self.rows = (fresh + self.rows)[:MAX_ROWS]
        for row in reversed(fresh):
            if self.matches(row):
                self._insert(0, row)
        while self.table.rowCount() > MAX_ROWS:
            self.table.removeRow(self.table.rowCount() - 1)
        self._update_title()
        self.notifier.feed(fresh)

    def _refilter(self) -> None:
        shown = [r for r in self.rows if self.matches(r)]
        self.table.setRowCount(0)
        self.table.setRowCount(len(shown))
        for i, row in enumerate(shown):
            self._set_row(i, row)
        self._update_title()

    def _insert(self, at: int, row: EventRow) -> None:
        self.table.insertRow(at)
        self._set_row(at, row)

    def _set_row(self, i: int, row: EventRow) -> None:
        values = [
            local_time(row.ts, self.zone),
            str(row.level),
            row.room,
            event_text(row.kind, row.message, row.data),
        ]
        colour = None if row.acked else LEVEL_COLOURS.get(row.level)
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(ID_ROLE, row.id)
            if colour:
                item.setBackground(QColor(colour))
            if col == 1 and row.acked:
                item.setToolTip(self.tr("acknowledged"))
            self.table.setItem(i, col, item)

    def _update_title(self) -> None:
        open_alarms = sum(1 for r in self.rows if r.level >= 2 and not r.acked)
        title = self.tr("Alarms and events")
        if open_alarms:
            title += " " + self.tr("(%n unacknowledged)", "", open_alarms)
        self.setWindowTitle(title)

    def _open(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        event_id = item.data(ID_ROLE) if item else None
        event = next((r for r in self.rows if r.id == event_id), None)
        if event is not None and event.room_id is not None:
            self.room_opened.emit(event.room_id)

    def acknowledge_selected(self) -> None:
        ids = sorted(
            {
                int(i.data(ID_ROLE))
                for i in self.table.selectedItems()
                if i.data(ID_ROLE) is not None
            }
        )
        if not ids:
            return
        db, actor = self.db, self.actor
        self.worker.submit(
            lambda: (acknowledge_events(db, actor, ids), ids), self._acked, self._ack_failed
        )

    def _acked(self, result: tuple[int, list[int]]) -> None:
        count, ids = result
        done = set(ids)
        self.rows = [replace(r, acked=True) if r.id in done else r for r in self.rows]
        self._refilter()
        self.acknowledged.emit(count)

    def _ack_failed(self, exc: Exception) -> None:
        self.setWindowTitle(self.tr("Alarms: %1").replace("%1", str(exc)))

    def wait(self, msecs: int = 10_000) -> bool:
        self.notifier.stop()
        return self.worker.wait(msecs)
