"""Bus diagnostics: what a field technician opens first.

Per link: meters online/total, poll rate, errors by kind (timeout, CRC, frame, exception
reply, port; counted by the bus worker, ``app.collector.busdiag.ErrorCounts``), the last
error (from the database, so it also works for a collector on another workstation, where
the counts by kind are not known: "–") and, when the collector runs in this process, the
live frame trace of the link (``drivers.link.FrameTrace``: hex and decoded, newest last)
with pause (it freezes the trace shown; the filter and the export then work on that), an
address/text filter and CSV export. "Read this meter now" asks the bus
worker for a full snapshot of one meter at its next turn. The "Bus scan" tab
(``bus_scan.ScanPanel``) lists who answers on the selected link.

The trace is copied from the ring buffer (a lock-protected deque of at most 1,000 entries)
once a second; that is the only thing read on the GUI thread, and it takes microseconds.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.collector import Collector
from app.config import ui_language
from app.db import Database
from app.livedata import LinkHealth, link_health
from app.livedata.error_text import describe_error
from app.security import Actor, Permission

from .bridge import Worker
from .bus_scan import ScanPanel
from .event_labels import bus_stopped_text
from .files import save_path, write_whole
from .labels import error_kind_label

TRACE_ROWS = 400
KIND_COLUMNS = ("timeout", "crc", "frame", "exception", "port")  # columns 6-10
ERRORS_COLUMN = 5


class DiagnosticsWindow(QWidget):
    """Links on top, the selected link's frame trace below."""

    links_shown = Signal(int)
    trace_shown = Signal(int)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("DiagnosticsWindow")
        self.setWindowTitle(self.tr("Bus diagnostics"))
        self.resize(1200, 720)
        self.db, self.actor = db, actor
        self.collector: Collector | None = None
        self.worker = Worker(self)
        self.health: list[LinkHealth] = []
        self._polls: dict[int, tuple[float, int]] = {}
        self.rates: dict[int, float] = {}
        self.trace_rows: list[Any] = []
        # while paused: the link and the entries seen when Pause was ticked (filter and
        # export work on them; a moving ring under a paused view would hide what was seen)
        self._frozen: tuple[int | None, list[Any]] | None = None
        self._shown: tuple[int | None, list[Any]] = (None, [])  # unfiltered, last refresh
        self._busy = False

        self.links = QTableWidget(0, 12, self)
        self.links.setHorizontalHeaderLabels(
            [
                self.tr("Link"),
                self.tr("Port / URL"),
                self.tr("Protocol"),
                self.tr("Online"),
                self.tr("Polls/s"),
                self.tr("Errors"),
                self.tr("Timeout"),
                self.tr("CRC"),
                self.tr("Frame"),
                self.tr("Exception"),
                self.tr("Port down"),
                self.tr("Last error"),
            ]
        )
        tips = {
            ERRORS_COLUMN: self.tr(
                "Failed transactions since the collector started; without a collector in "
                "this window: meters with misses or an error"
            ),
            6: self.tr("No reply in time: a dead meter, a wrong address or a broken wire"),
            7: self.tr("Damaged replies (CRC/checksum): wiring, termination, baud rate"),
            8: self.tr("Malformed or unexpected frames: noise or a second master on the bus"),
            9: self.tr("Exception replies: the meter does not know what the profile asks"),
            10: self.tr("The port or gateway failed: USB adapter, cable, network"),
        }
        for col, tip in tips.items():
            header_item = self.links.horizontalHeaderItem(col)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.links.horizontalHeader().setStretchLastSection(True)
        self.links.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.links.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.links.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.links.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.links.verticalHeader().setVisible(False)
        self.links.itemSelectionChanged.connect(self.refresh_trace)
        self.links.itemSelectionChanged.connect(self._link_chosen)

        self.pause = QCheckBox(self.tr("Pause"), self)
        self.pause.toggled.connect(self._pause_toggled)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter: address, hex bytes or text"))
        self.filter.textChanged.connect(self.refresh_trace)
        self.export = QPushButton(self.tr("Export CSV…"), self)
        self.export.clicked.connect(self.export_dialog)
        self.address = QLineEdit(self)
        self.address.setPlaceholderText(self.tr("Meter address"))
        self.address.setMaximumWidth(160)
        self.read_now = QPushButton(self.tr("Read this meter now"), self)
        self.read_now.clicked.connect(self.read_meter_now)
        if not actor.can(Permission.VIEW):
            self.read_now.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.pause)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.export)
        bar.addSpacing(16)
        bar.addWidget(self.address)
        bar.addWidget(self.read_now)
        self.note = QLabel(self)
        self.note.setWordWrap(True)

        self.trace = QTableWidget(0, 5, self)
        self.trace.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Dir"),
                self.tr("Frame (hex)"),
                self.tr("Decoded"),
                self.tr("Error"),
            ]
        )
        header = self.trace.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.trace.setColumnWidth(0, 110)
        self.trace.setColumnWidth(1, 40)
        self.trace.setColumnWidth(2, 380)
        self.trace.setColumnWidth(3, 330)
        self.trace.verticalHeader().setVisible(False)
        self.trace.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.links.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.trace.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trace.setWordWrap(False)
        self.trace.setStyleSheet("font-family: monospace;")

        trace_page = QWidget(self)
        lower_layout = QVBoxLayout(trace_page)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.note)
        lower_layout.addWidget(self.trace)
        self.scan = ScanPanel(db, actor, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(trace_page, self.tr("Frame trace"))
        self.tabs.addTab(self.scan, self.tr("Bus scan"))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.links)
        split.addWidget(self.tabs)
        split.setSizes([260, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.scan.collector = self.collector
        self.refresh_links()
        self.timer.start()
        if self.collector is None:
            self.note.setText(
                self.tr(
                    "The collector does not run in this window: the frame trace is shown on "
                    "the workstation that owns the serial ports."
                )
            )

    def _tick(self) -> None:
        self.refresh_links()
        if not self.pause.isChecked():
            self.refresh_trace()

    # -- links -------------------------------------------------------------------------
    def refresh_links(self) -> None:
        if self._busy:
            return
        self._busy = True
        db = self.db

        def read() -> list[LinkHealth]:
            with db.read() as s:
                return link_health(s)

        self.worker.submit(read, self._links_read, self._links_failed)

    def _links_failed(self, exc: Exception) -> None:
        self._busy = False
        self.note.setText(str(exc))

    def _links_read(self, health: list[LinkHealth]) -> None:
        self._busy = False
        self.health = health
        now = time.monotonic()
        kinds: dict[int, dict[str, int]] = {}
        last: dict[int, str] = {}
        stopped: dict[int, str] = {}
        if self.collector is not None:
            for link_id, worker in list(self.collector.workers.items()):
                before = self._polls.get(link_id)
                if before is not None and now > before[0]:
                    self.rates[link_id] = (worker.polls - before[1]) / (now - before[0])
                self._polls[link_id] = (now, worker.polls)
                kinds[link_id] = worker.errors.snapshot()
                if worker.errors.last:
                    stamp = datetime.fromtimestamp(worker.errors.last_at).strftime("%H:%M:%S")
                    kind = error_kind_label(worker.errors.last_kind)
                    data = worker.errors.last_data
                    text = describe_error(
                        data.get("error_kind"),
                        data.get("error_facts"),
                        ui_language(),
                        worker.errors.last,
                    )
                    last[link_id] = f"{stamp} [{kind}] {text}"
            for link_id, problem in list(self.collector.problems.items()):
                worker = self.collector.workers.get(link_id)
                if worker is not None and not worker.is_alive():  # never a silent dead thread
                    wait = None if problem.restarted else round(problem.restart_in(now))
                    stopped[link_id] = bus_stopped_text(problem.reason, wait)
        selected = self.selected_link()
        self.links.setRowCount(len(health))
        for row, link in enumerate(health):
            rate = self.rates.get(link.link_id)
            counts = kinds.get(link.link_id)
            values = [
                link.name,
                link.url,
                f"{link.protocol} {link.baud}",
                f"{link.online}/{link.meters}",
                "" if rate is None else f"{rate:.1f}",
                str(sum(counts.values()) if counts is not None else link.failing),
                *(str(counts[k]) if counts is not None else "–" for k in KIND_COLUMNS),
                stopped.get(link.link_id)
                or last.get(link.link_id)
                or (
                    describe_error(None, None, ui_language(), link.last_error)
                    if link.last_error
                    else ""
                ),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, link.link_id)
                if (col == 3 and link.online < link.meters) or (
                    col == len(values) - 1 and link.link_id in stopped
                ):
                    item.setForeground(Qt.GlobalColor.red)
                if ERRORS_COLUMN < col < ERRORS_COLUMN + 6 and value not in ("0", "–"):
                    item.setForeground(Qt.GlobalColor.red)
                if col > 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.links.setItem(row, col, item)
        if selected is None and health:
            self.links.selectRow(0)
        elif selected is not None:
            for row, link in enumerate(health):
                if link.link_id == selected:
                    self.links.selectRow(row)
        self.links_shown.emit(len(health))

    def error_counts(self, link_id: int) -> dict[str, str]:
        """What the links table shows for one link, by kind (tests and tooltips)."""
        for row in range(self.links.rowCount()):
            if self.links.item(row, 0).data(Qt.ItemDataRole.UserRole) == link_id:
                return {
                    kind: self.links.item(row, ERRORS_COLUMN + 1 + i).text()
                    for i, kind in enumerate(KIND_COLUMNS)
                }
        return {}

    def _link_chosen(self) -> None:
        link_id = self.selected_link()
        self.scan.collector = self.collector
        self.scan.set_link(next((h for h in self.health if h.link_id == link_id), None))

    def selected_link(self) -> int | None:
        items = self.links.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    # -- trace -------------------------------------------------------------------------
    def _pause_toggled(self, paused: bool) -> None:
        self._frozen = self._shown if paused else None
        self.refresh_trace()

    def _entries(self) -> list[Any]:
        """The selected link's newest entries, or the ones on screen when Pause was ticked
        (another link chosen while paused is frozen as it is then)."""
        link_id = self.selected_link()
        if self._frozen is not None and self._frozen[0] == link_id:
            return self._frozen[1]
        entries: list[Any] = []
        worker = self.collector.workers.get(link_id) if self.collector and link_id else None
        if worker is not None:
            entries = worker.link.trace.entries(TRACE_ROWS)
        self._shown = (link_id, entries)
        if self.pause.isChecked():
            self._frozen = self._shown
        return entries

    def refresh_trace(self) -> None:
        needle = self.filter.text().strip().lower()
        rows = []
        for entry in self._entries():
            text = f"{entry.hex} {entry.summary} {entry.error}".lower()
            if (
                needle
                and needle not in text
                and needle.replace(" ", "") not in text.replace(" ", "")
            ):
                continue
            rows.append(entry)
        self.trace_rows = rows
        self.trace.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            stamp = datetime.fromtimestamp(entry.time).strftime("%H:%M:%S.%f")[:-3]
            values = [stamp, entry.direction, entry.hex, entry.summary, entry.error]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if entry.error:
                    item.setForeground(Qt.GlobalColor.red)
                self.trace.setItem(row, col, item)
        if rows:
            self.trace.scrollToBottom()
        self.trace_shown.emit(len(rows))

    def trace_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["time", "direction", "hex", "decoded", "error"])
        for entry in self.trace_rows:
            writer.writerow(
                [
                    datetime.fromtimestamp(entry.time).isoformat(),
                    entry.direction,
                    entry.hex,
                    entry.summary,
                    entry.error,
                ]
            )
        return out.getvalue()

    def export_dialog(self) -> None:
        path = save_path(
            self, self.tr("Export frame trace"), "trace.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        text = self.trace_csv()
        self.worker.submit(
            lambda: _write(path, text),
            lambda _r: self.note.setText(self.tr("Trace saved: %1").replace("%1", path)),
            lambda exc: self.note.setText(str(exc)),
        )

    # -- read now ----------------------------------------------------------------------
    def read_meter_now(self) -> bool:
        """Ask the bus worker to take a full snapshot of the meter at its next turn.

        The worker that owns the bus reads the meter fully at its next turn, even when it is
        offline. The result arrives like any poll: in the trace and in the room's live values.
        """
        address = self.address.text().strip()
        link_id = self.selected_link()
        worker = self.collector.workers.get(link_id) if self.collector and link_id else None
        if worker is None or not address:
            self.note.setText(
                self.tr("Choose a link of this workstation and type a meter address.")
            )
            return False
        for meter_id, handle in worker.handles.items():
            if handle.info.address.lstrip("0") == address.lstrip("0"):
                worker.read_now(meter_id)
                self.note.setText(
                    self.tr("Meter %1 will be read at the bus's next turn.").replace("%1", address)
                )
                return True
        self.note.setText(self.tr("No meter %1 on this link.").replace("%1", address))
        return False

    def closeEvent(self, event: Any) -> None:
        self.timer.stop()
        self.scan.stop()
        self.worker.wait(5000)
        super().closeEvent(event)


def _write(path: str, text: str) -> None:
    write_whole(path, text.encode("utf-8-sig"))
