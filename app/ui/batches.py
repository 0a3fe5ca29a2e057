"""The Batches window (批量任务): every batch with its progress, and one batch's items.

The top table lists every batch (``app.batch.batch_list``): action, rooms, status, a
progress bar, counts by state and the estimated time left. Selecting one shows its items
(``batch_detail``) below, filtered by state and by a text in the room or the reason. The
steering buttons (pause, resume, cancel, retry failed, approve) call the Qt-free service
off the GUI thread; a button the role or the batch's status does not allow is greyed out
with the reason as its tooltip (the service refuses anyway). While the window is visible
and a batch is queued or running, a timer re-reads the views every 1.5 s; nothing is read
while it is hidden. "Export…" writes the selected batch to XLSX (``app.batch.export``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import batch as batches
from app.batch.export import write_batch_xlsx
from app.db import Database
from app.security import Actor, Permission

from .batches_steer import Steering
from .bridge import Worker
from .labels import (
    ITEM_STATES,
    batch_action_label,
    batch_status_label,
    item_state_label,
    time_left_label,
)
from .refresher import Refresher

ACTIVE = ("queued", "running")
WAITING = (
    "approval",
    "queued",
    "scheduled",
)  # not started: an estimate of the run time  # statuses that make the window refresh itself
REFRESH_MS = 1500


def _cell(text: object, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def counts_text(counts: dict[str, int]) -> str:
    """``done 3 · failed 1`` in the order of an item's life."""
    return " · ".join(
        f"{item_state_label(state)} {counts[state]}" for state in ITEM_STATES if counts.get(state)
    )


class BatchesWindow(QMainWindow):
    """批量任务: the list of batches above, the selected batch's items below."""

    loaded = Signal()  # the list was read and shown
    detail_loaded = Signal()  # the selected batch's items were read and shown
    acted = Signal(str)  # a steering action finished (its message)
    failed = Signal(str)  # a read or an action was refused (its message)
    exported = Signal(str)  # the path written

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("BatchesWindow")
        self.setWindowTitle(self.tr("Batches"))
        self.db, self.actor, self.zone = db, actor, zone
        self.worker = Worker(self)
        self.summaries: list[batches.BatchSummary] = []
        self.detail: batches.BatchDetail | None = None
        self.selected_id: int | None = None
        self._reading = False
        self._again = False  # a load() arrived while reading: read once more after it
        self._asked = 0  # the latest items read asked for: older answers are dropped
        self.list = QTableWidget(0, 8, self)
        self.list.setObjectName("BatchList")
        self.list.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Action"),
                self.tr("Rooms"),
                self.tr("Status"),
                self.tr("Progress"),
                self.tr("Items by state"),
                self.tr("Time left"),
                self.tr("Created by"),
            ]
        )
        self._table_look(self.list)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.steer = Steering(self)
        self.new_button = QPushButton(self.tr("New batch…"), self)
        self.new_button.setObjectName("NewBatch")
        self.new_button.clicked.connect(self.new_batch)
        self.steer.row.insertWidget(0, self.new_button)
        self.dialog: Any = None  # the last "New batch…" dialog
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("StateFilter")
        self.state_filter.addItem(self.tr("All states"), "")
        for state in ITEM_STATES:
            self.state_filter.addItem(item_state_label(state), state)
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("TextFilter")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setPlaceholderText(self.tr("Filter by room or reason"))
        self.state_filter.currentIndexChanged.connect(self.load_detail)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.load_detail)
        self.text_filter.textChanged.connect(self._typing.start)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setObjectName("ExportBatch")
        self.export_button.clicked.connect(self._ask_export)
        self.items = QTableWidget(0, 6, self)
        self.items.setObjectName("BatchItems")
        self.items.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Room / meter"),
                self.tr("State"),
                self.tr("Reason"),
                self.tr("Amount ¥"),
                self.tr("Attempts"),
            ]
        )
        self._table_look(self.items)
        self.status = QLabel(self)
        self.status.setObjectName("BatchesStatus")
        self._layout()
        self.refresher = Refresher(self, REFRESH_MS, self.load)
        self.resize(1180, 720)

    @staticmethod
    def _table_look(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)

    def _layout(self) -> None:
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.list)
        top_layout.addLayout(self.steer.row)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Items:"), self))
        filters.addWidget(self.state_filter)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.export_button)
        bottom_layout.addLayout(filters)
        bottom_layout.addWidget(self.items)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([330, 390])
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(body)
        for column, width in enumerate((50, 150, 200, 130, 150, 210, 150)):
            self.list.setColumnWidth(column, width)
        for column, width in enumerate((60, 220, 100, 420, 100)):
            self.items.setColumnWidth(column, width)
        self.steer.update_for(None)
        self.export_button.setEnabled(False)

    # reads ---------------------------------------------------------------------------
    def load(self) -> None:
        """Re-read the list (and the selected batch's items) off the GUI thread."""
        if self._reading:
            self._again = True  # asked during a read: that read may predate the change
            return
        self._reading, self._again = True, False
        db, actor = self.db, self.actor
        self.worker.submit(lambda: batches.batch_list(db, actor), self._show_list, self._failed)

    def _show_list(self, summaries: list[batches.BatchSummary]) -> None:
        self._reading = False
        self.summaries = summaries
        self.list.blockSignals(True)
        self.list.setRowCount(len(summaries))
        row_of_selected = -1
        for row, b in enumerate(summaries):
            if b.id == self.selected_id:
                row_of_selected = row
            self._fill_row(row, b)
        if row_of_selected >= 0:
            self.list.selectRow(row_of_selected)
        self.list.blockSignals(False)
        running = sum(1 for b in summaries if b.status in ACTIVE)
        self.status.setText(
            self.tr("%1 batches, %2 running or queued")
            .replace("%1", str(len(summaries)))
            .replace("%2", str(running))
        )
        self.refresher.moving(running > 0)
        self.steer.update_for(self.current())
        self.loaded.emit()
        if self._again:  # e.g. a batch just created was asked for during this read
            self.load()
        elif self.selected_id is not None:
            self.load_detail()

    def _fill_row(self, row: int, b: batches.BatchSummary) -> None:
        values = [
            _cell(b.id, True),
            _cell(batch_action_label(b.action)),
            _cell(b.selection),
            _cell(batch_status_label(b.status)),
            None,
            _cell(counts_text(b.counts)),
            self._time_cell(b),
            _cell(b.created_by),
        ]
        for column, item in enumerate(values):
            if item is not None:
                self.list.setItem(row, column, item)
        bar = self.list.cellWidget(row, 4)
        if not isinstance(bar, QProgressBar):
            bar = QProgressBar(self.list)
            bar.setRange(0, 100)
            self.list.setCellWidget(row, 4, bar)
        bar.setValue(round(b.progress * 100))
        bar.setFormat(f"{b.finished}/{b.total}  %p%")

    def _time_cell(self, b: batches.BatchSummary) -> QTableWidgetItem:
        """Time left while running; for a waiting batch its estimated run time once
        started (``app.batch.views``: its slowest bus's items at that bus's pace for the
        action, measured here), or why there is none."""
        if b.left is not None or b.status not in WAITING:
            return _cell(time_left_label(b.left))
        if b.expected is None:
            cell = _cell("")
            cell.setToolTip(
                self.tr(
                    "No estimate yet: not every bus of this batch has finished a batch of "
                    "this action without failures."
                )
            )
            return cell
        cell = _cell(self.tr("≈ %1 once started").replace("%1", time_left_label(b.expected)))
        pace = self.tr("%1 s").replace("%1", f"{(b.pace or b.expected).total_seconds():.2f}")
        cell.setToolTip(
            self.tr(
                "Estimated from the last finished batches of this action on the same buses "
                "(%1 per item on the slowest; buses run in parallel)."
            ).replace("%1", pace)
        )
        return cell

    def current(self) -> batches.BatchSummary | None:
        return next((b for b in self.summaries if b.id == self.selected_id), None)

    def select_batch(self, batch_id: int) -> None:
        """Select a batch by id (the tree's "Batch…" opens the window on its batch)."""
        self.selected_id = batch_id
        for row, b in enumerate(self.summaries):
            if b.id == batch_id:
                self.list.selectRow(row)
                return
        self.load()

    def _selection_changed(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.summaries):
            return
        self.selected_id = self.summaries[rows[0].row()].id
        self.steer.update_for(self.current())
        self.load_detail()

    def load_detail(self) -> None:
        if self.selected_id is None:
            return
        db, actor, batch_id = self.db, self.actor, self.selected_id
        state = str(self.state_filter.currentData() or "")
        text = self.text_filter.text().strip()
        self._asked += 1
        asked = self._asked
        self.worker.submit(
            lambda: batches.batch_detail(db, actor, batch_id, state=state or None, text=text),
            lambda detail: self._show_detail(detail, asked),
            self._failed,
        )

    def _show_detail(self, detail: batches.BatchDetail, asked: int) -> None:
        if asked != self._asked:
            return  # an older read (another batch, or the filters before the last change)
        self.detail = detail
        self.items.setRowCount(len(detail.items))
        for row, item in enumerate(detail.items):
            amount = f"{item.amount_fen / 100:,.2f}" if item.amount_fen is not None else ""
            for column, cell in enumerate(
                (
                    _cell(item.item_no, True),
                    _cell(item.label),
                    _cell(item_state_label(item.state)),
                    _cell(item.reason),
                    _cell(amount, True),
                    _cell(item.attempts, True),
                )
            ):
                self.items.setItem(row, column, cell)
        self.export_button.setEnabled(True)
        self.detail_loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self._reading = False
        self.status.setText(str(exc))
        self.failed.emit(str(exc))

    # refresh while something runs -------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresher.shown(bool(any(b.status in ACTIVE for b in self.summaries)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.refresher.stop()
        self.worker.wait(10_000)
        super().closeEvent(event)

    # export ---------------------------------------------------------------------------
    def _ask_export(self) -> None:
        if self.detail is None:
            return
        name = self.tr("batch-%1.xlsx").replace("%1", str(self.detail.summary.id))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the batch"), name, self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the selected batch with all its items (not only the filtered ones)."""
        if self.selected_id is None:
            return
        db, actor, zone, batch_id = self.db, self.actor, self.zone, self.selected_id

        def write() -> str:
            write_batch_xlsx(batches.batch_detail(db, actor, batch_id), path, zone)
            return str(path)

        def done(written: str) -> None:
            self.status.setText(self.tr("Written: %1").replace("%1", written))
            self.exported.emit(written)

        self.worker.submit(write, done, self._failed)

    def new_batch(self) -> Any:
        """ "New batch…": the batch dialog asking where (building, floor, arrears); the new
        batch is then selected here, its items below."""
        from .batches_dialog import BatchDialog

        self.dialog = BatchDialog(self.db, self.actor, self.zone, None, self)
        self.dialog.created.connect(self.select_batch)
        self.dialog.show()
        return self.dialog

    def may(self, permission: Permission) -> bool:
        return self.actor.can(permission)

    def run(self, job: Any, message: str) -> None:
        """Run a steering call off the GUI thread, then re-read everything."""

        def done(_result: object) -> None:
            self.status.setText(message)
            self.acted.emit(message)
            self._reading = False
            self.load()

        self.worker.submit(job, done, self._failed)
