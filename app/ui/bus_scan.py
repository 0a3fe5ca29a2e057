"""Bus scan in the diagnostics window: who answers on the selected link.

The probes are those of ``wattdesk bus scan`` (``app.collector.busdiag.ScanJob`` over
``drivers.bus.scan_modbus`` / ``scan_dlt645``). When the collector of this workstation owns
the port, the scan is handed to that link's bus worker, which probes one address between
two polls (the meters stay live and the port keeps one master); otherwise the port is
opened in a worker thread for the time of the scan. Either way the GUI thread only gets
progress reports (a queued signal per address), and Cancel stops at the next address.

A meter that answers but is not in the database is listed as such, nothing more: adding
meters is site editing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.collector import Collector
from app.collector.busdiag import MAX_SCAN, ScanJob, scan_addresses, scan_port
from app.collector.simbus import is_sim
from app.db import Database
from app.i18n import tr as core_tr
from app.livedata import LinkHealth, link_line, link_meters, scan_key
from app.security import Actor, Permission
from drivers.bus import Found

from .bridge import Worker


class _Relay(QObject):
    """Carries a scan's progress from the scanning thread to the GUI thread (queued)."""

    progressed = Signal(object, object)  # ScanJob, Found | None


class ScanPanel(QWidget):
    """Range, Scan / Cancel, progress, and what answered."""

    finished = Signal(object)  # the ScanJob

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.collector: Collector | None = None
        self.link: LinkHealth | None = None
        self.worker = Worker(self)
        self.job: ScanJob | None = None
        self.route = ""  # "collector" (the bus worker) or "port" (opened here)
        self.known: dict[str, str] = {}
        self._known_loaded = False
        self._reported = False
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progress)

        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self)
        self.first = QLineEdit("1", self)
        self.last = QLineEdit("32", self)
        for edit in (self.first, self.last):
            edit.setValidator(digits)
            edit.setMaximumWidth(130)
        self.start_button = QPushButton(self.tr("Scan"), self)
        self.start_button.clicked.connect(self.start_scan)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        if not actor.can(Permission.VIEW):
            self.start_button.setEnabled(False)
            self.start_button.setToolTip(self.tr("Your role may not use the buses."))
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.hint = QLabel(
            self.tr(
                "Modbus: unit addresses 1-247. DL/T 645: meter numbers (12 digits, leading "
                "zeros may be left out). Each empty address costs one short timeout."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #616161;")
        self.results = QTableWidget(0, 4, self)
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("Address"),
                self.tr("Protocol"),
                self.tr("Answer"),
                self.tr("In the database"),
            ]
        )
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.results.verticalHeader().setVisible(False)
        self.results.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From"), self))
        bar.addWidget(self.first)
        bar.addWidget(QLabel(self.tr("to"), self))
        bar.addWidget(self.last)
        bar.addWidget(self.start_button)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.status)
        layout.addWidget(self.results)

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.finished.is_set()

    def set_link(self, link: LinkHealth | None) -> None:
        self.link = link
        if not self.running:
            name = link.name if link else "-"
            self.start_button.setText(self.tr("Scan %1").replace("%1", name))

    def start_scan(self) -> bool:
        """Scan the chosen range on the selected link; False (and why) if it cannot start."""
        link = self.link
        if self.running:
            return False
        if link is None:
            self._say(self.tr("Choose a link above first."), error=True)
            return False
        try:
            addresses = scan_addresses(
                link.protocol, int(self.first.text() or 0), int(self.last.text() or 0)
            )
        except ValueError:
            self._say(
                self.tr(
                    "Check the range: Modbus addresses are 1-247, DL/T 645 numbers at most "
                    "%1 per scan, and From is not after To."
                ).replace("%1", str(MAX_SCAN)),
                error=True,
            )
            return False
        job = ScanJob(link.protocol, addresses, progress=self._relay.progressed.emit)
        bus = self.collector.workers.get(link.link_id) if self.collector is not None else None
        db, link_id = self.db, link.link_id
        if bus is not None:
            if not bus.scan(job):
                self._say(self.tr("A scan is already running on this bus."), error=True)
                return False
            self.route = "collector"
        elif is_sim(link.url):
            self._say(
                self.tr(
                    "This is a simulated bus of the demo: it exists only while the collector "
                    "runs in this window."
                ),
                error=True,
            )
            return False
        else:
            self.route = "port"
            self.worker.submit(lambda: _scan_port(db, link_id, job), lambda _found: None)
        self.job = job
        self.known, self._known_loaded, self._reported = {}, False, False
        self.worker.submit(lambda: _known(db, link_id), self._known_read)
        self.results.setRowCount(0)
        self.progress.setRange(0, job.total)
        self.progress.setValue(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        via = (
            self.tr("through the collector's bus worker, between polls")
            if self.route == "collector"
            else self.tr("on the port, opened for the scan")
        )
        self._say(
            self.tr("Scanning %1 addresses on %2 %3…")
            .replace("%1", str(job.total))
            .replace("%2", link.name)
            .replace("%3", via)
        )
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _known_read(self, known: dict[str, str]) -> None:
        self.known, self._known_loaded = known, True
        for row in range(self.results.rowCount()):
            self._mark(row)
        self._maybe_finished()

    def _progress(self, job: ScanJob, hit: Found | None) -> None:
        if job is not self.job:
            return
        self.progress.setValue(job.done)
        if hit is not None:
            row = self.results.rowCount()
            self.results.insertRow(row)
            # the driver's detail is English; the marked ones have their Chinese text
            for col, value in enumerate((hit.address, hit.protocol, core_tr(hit.detail))):
                self.results.setItem(row, col, QTableWidgetItem(value))
            self._mark(row)
        self._maybe_finished()

    def _mark(self, row: int) -> None:
        item = self.results.item(row, 0)
        if item is None or self.link is None:
            return
        if not self._known_loaded:
            return  # marked when the meters of the link are read
        place = self.known.get(scan_key(self.link.protocol, item.text()))
        cell = QTableWidgetItem(place or self.tr("not in the database"))
        if place is None:
            cell.setForeground(QColor("#e65100"))
        cell.setData(Qt.ItemDataRole.UserRole, place is not None)
        self.results.setItem(row, 3, cell)

    def _maybe_finished(self) -> None:
        """Report the end once the scan is over and the database's meters are known."""
        job = self.job
        if job is None or self._reported or not job.finished.is_set() or not self._known_loaded:
            return
        self._reported = True
        self._finished(job)

    def _finished(self, job: ScanJob) -> None:
        self.start_button.setEnabled(self.actor.can(Permission.VIEW))
        self.cancel_button.setEnabled(False)
        found = len(job.found)
        if job.error:
            text = self.tr("Scan stopped: %1").replace("%1", job.error)
        elif job.cancelled:
            text = self.tr("Scan cancelled after %1 of %2 addresses.")
            text = text.replace("%1", str(job.done)).replace("%2", str(job.total))
        else:
            text = self.tr("%n device(s) answered.", "", found)
        if not found and not job.error:
            text += " " + self.tr(
                "Nobody answered: check the baud rate, the parity and the wiring."
            )
        self._say(text, error=bool(job.error))
        self.set_link(self.link)
        self.finished.emit(job)

    def found_addresses(self) -> list[str]:
        return [self.results.item(r, 0).text() for r in range(self.results.rowCount())]

    def unknown_addresses(self) -> list[str]:
        """Addresses that answered but are not meters of this link in the database."""
        out = []
        for r in range(self.results.rowCount()):
            cell = self.results.item(r, 3)
            if cell is not None and not cell.data(Qt.ItemDataRole.UserRole):
                out.append(self.results.item(r, 0).text())
        return out

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #c62828;" if error else "")
        self.status.setText(text)

    def stop(self) -> None:
        """The window closes: cancel, and wait for a scan that opened the port here."""
        self.cancel()
        self.worker.wait(10_000)


def _known(db: Database, link_id: int) -> dict[str, str]:
    with db.read() as s:
        return link_meters(s, link_id)


def _scan_port(db: Database, link_id: int, job: ScanJob) -> list[Found]:
    """Worker thread: the link's line settings, then the scan on the port."""
    with db.read() as s:
        line = link_line(s, link_id)
    if line is None:
        job.finish("the link is gone")
        return []
    return scan_port(job, line.url, baud=line.baud, parity=line.parity, stopbits=line.stopbits)
