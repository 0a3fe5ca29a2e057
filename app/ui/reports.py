"""The Reports window (报表): choose a report, run it off the GUI thread, read, chart, export.

The form (``report_form``) says what to run; ``run`` hands it to a worker thread, which
resolves an account number to its scope and calls ``app.reports.run_report`` with a
progress callback. The callback moves the progress bar (a queued signal) and raises
``ReportCancelled`` once Cancel was pressed, so a long report stops between steps and
nothing half-made is shown. A refusal (``ReportError``, ``PermissionDenied``) comes back
as a sentence in the window, never a traceback. Each table of the report becomes a tab
(``report_model``: typed cells, subtotals, a bold totals row, sortable); the report's
``series`` become a chart (``report_charts``, pyqtgraph imported only then). Export writes
XLSX, CSV or PDF through ``app.reports.export.write_report``, also off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import explain
from app.livedata.site import read_park
from app.reports import (
    Report,
    ReportCancelled,
    ReportError,
    ReportRequest,
    resolve_scope,
    run_report,
)
from app.security import Actor, SecurityError

from . import files
from .bridge import Worker
from .report_form import Choice, ReportForm
from .report_model import ReportTableModel

log = logging.getLogger(__name__)
EXPORTS = (("xlsx", "Excel (*.xlsx)"), ("csv", "CSV (*.csv)"), ("pdf", "PDF (*.pdf)"))
MAX_COLUMN = 360  # px: a long tenant name does not push the money off screen


class _Progress(QObject):
    """Carries a worker thread's progress to the GUI thread (queued)."""

    moved = Signal(int, int, int)  # run number, done, total


class _Refused:
    """A report the service refused, with its sentence."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Cancelled:
    pass


def make_report(db: Database, actor: Actor, choice: Choice, progress: Any) -> Any:
    """What the worker runs: the report, or a ``_Refused`` / ``_Cancelled`` outcome (so
    an expected refusal is neither logged as a crash nor shown as a traceback)."""
    try:
        scope = choice.scope
        if choice.account is not None:
            with db.read() as session:
                scope = resolve_scope(session, account=choice.account)
        request = ReportRequest(choice.kind, choice.period, choice.grain, scope, choice.filters)
        return run_report(db, actor, request, progress)
    except ReportCancelled:
        return _Cancelled()
    except (ReportError, SecurityError) as exc:
        return _Refused(str(exc))


class ReportsWindow(QMainWindow):
    """报表: every report of ``app.reports`` the role may read."""

    loaded = Signal()  # the park tree is in the scope lists
    finished = Signal(object)  # the Report shown
    failed = Signal(str)  # the sentence shown
    cancelled = Signal()
    progressed = Signal(int, int)
    exported = Signal(str)  # the file written

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.zone = db, actor, zone
        self.setObjectName("ReportsWindow")
        self.setWindowTitle(self.tr("Reports"))
        self.resize(1280, 800)
        self.worker = Worker(self)
        self.report: Report | None = None
        self.models: list[ReportTableModel] = []
        self.views: list[QTableView] = []
        self.chart: Any = None  # report_charts.ReportChart, made when a report has series
        self._run = 0  # the run whose results are wanted (a cancelled run's are dropped)
        self._cancel = threading.Event()
        self._relay = _Progress(self)
        self._relay.moved.connect(self._moved)

        self.form = ReportForm(actor, zone, today, self)
        self.form.kind_changed.connect(lambda _name: self._kind_changed())
        buttons = self._buttons()
        self.message = QLabel(self)
        self.message.setObjectName("ReportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading = QLabel(self)
        self.heading.setObjectName("ReportHeading")
        self.heading.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.setChildrenCollapsible(False)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        for part in (self.form, buttons, self.message, self.heading):
            layout.addWidget(part)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self._kind_changed()

    def _buttons(self) -> QWidget:
        """Run, Cancel, the progress bar; the export menu and its per-building choice."""
        row = QWidget(self)
        self.run_button = QPushButton(self.tr("Run report"), row)
        self.run_button.setObjectName("RunReport")
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), row)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(row)
        self.progress.setVisible(False)
        self.progress.setTextVisible(True)
        self.export_button = QPushButton(self.tr("Export…"), row)
        self.export_button.setEnabled(False)
        menu = QMenu(self.export_button)
        for fmt, _filter in EXPORTS:
            action = menu.addAction(fmt.upper())
            action.triggered.connect(lambda _checked=False, f=fmt: self.export(f))
        self.export_button.setMenu(menu)
        self.per_building = QCheckBox(self.tr("One sheet per building (XLSX)"), row)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        for widget in (self.run_button, self.cancel_button, self.progress):
            box.addWidget(widget)
        box.addStretch(1)
        box.addWidget(self.per_building)
        box.addWidget(self.export_button)
        return row

    # ---------------------------------------------------------------- loading

    def load(self) -> None:
        """Read the park tree (buildings, floors, account numbers) for the scope lists."""
        db = self.db
        self.worker.submit(lambda: read_park(db), self._parks_read, self._failed)

    def _parks_read(self, parks: Any) -> None:
        self.form.set_parks(parks)
        self.loaded.emit()

    # ---------------------------------------------------------------- running

    def running(self) -> bool:
        return self.cancel_button.isEnabled()

    def run(self) -> bool:
        """Run the chosen report off the GUI thread; False (and the reason shown) when the
        choice itself is wrong (a period that ends before it starts)."""
        try:
            choice = self.form.choice()
        except ReportError as exc:
            self._say(str(exc), error=True)
            self.failed.emit(str(exc))
            return False
        self._run += 1
        run, cancel = self._run, threading.Event()
        self._cancel.set()  # a report still running is no longer wanted
        self._cancel = cancel
        relay = self._relay

        def progress(done: int, total: int) -> None:
            if cancel.is_set():
                raise ReportCancelled()
            relay.moved.emit(run, done, total)

        db, actor = self.db, self.actor
        self._busy(True)
        self._say(self.tr("Running the report…"))
        self.worker.submit(
            lambda: make_report(db, actor, choice, progress),
            lambda outcome: self._outcome(run, outcome),
            lambda exc: self._outcome(run, exc),
        )
        return True

    def cancel(self) -> None:
        """Stop the running report at its next step; the window says so when it stopped."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self._say(self.tr("Cancelling…"))

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and self.form.refusal() is None)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # busy until the report says how far it is

    def _moved(self, run: int, done: int, total: int) -> None:
        if run != self._run:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progressed.emit(done, total)

    def _outcome(self, run: int, outcome: Any) -> None:
        if run != self._run:
            return  # a cancelled run that finished late
        self._busy(False)
        if isinstance(outcome, _Cancelled):
            self._say(self.tr("The report was cancelled; nothing is shown."))
            self.cancelled.emit()
        elif isinstance(outcome, _Refused):
            self._refused(outcome.text)
        elif isinstance(outcome, Exception):  # a locked or full database says so in words
            log.error("report failed: %s", outcome)
            words = explain(outcome, self.db.url) or str(outcome)
            self._refused(self.tr("The report failed: %1").replace("%1", words))
        else:
            self.show_report(outcome)

    def _refused(self, text: str) -> None:
        self._say(text, error=True)
        self.failed.emit(text)

    def _failed(self, exc: Exception) -> None:
        self._say(self.tr("Could not read the park: %1").replace("%1", str(exc)), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)

    def _kind_changed(self) -> None:
        """The title says when the view is narrowed; a report the role may not read
        cannot be started (its reason is the Run button's tooltip)."""
        narrowed = self.form.is_narrowed()
        self.setWindowTitle(
            self.tr("Reports — your own orders") if narrowed else self.tr("Reports")
        )
        refusal = self.form.refusal()
        self.run_button.setEnabled(refusal is None and not self.running())
        self.run_button.setToolTip(refusal or "")
        if refusal is not None and not self.form.allowed():
            self._say(self.tr("Your role may not read any of these reports."), error=True)

    # ---------------------------------------------------------------- showing

    def show_report(self, report: Report) -> None:
        """One tab per table, the heading, the chart when the report has series."""
        self.report = report
        self.tabs.clear()
        self.models, self.views = [], []
        subtotal = self.tr("%1 subtotal").replace("%1", "{group}")
        for table in report.tables:
            model = ReportTableModel(table, self.zone, subtotal)
            page = QWidget(self.tabs)
            box = QVBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            view = QTableView(page)
            view.setModel(model)
            view.setAlternatingRowColors(True)
            view.verticalHeader().setVisible(False)
            header = view.horizontalHeader()
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # as the report ordered it
            view.setSortingEnabled(True)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(False)
            view.resizeColumnsToContents()
            for column in range(model.columnCount()):
                view.setColumnWidth(column, min(view.columnWidth(column) + 12, MAX_COLUMN))
            box.addWidget(view)
            if table.note:
                note = QLabel(table.note, page)
                note.setWordWrap(True)
                note.setStyleSheet("color: #555555;")
                box.addWidget(note)
            self.tabs.addTab(page, table.title)
            self.models.append(model)
            self.views.append(view)
        self.heading.setText(self._heading(report))
        self._chart(report)
        self.export_button.setEnabled(True)
        self.per_building.setEnabled(any(t.group for t in report.tables))
        if report.empty:
            self._say(self.tr("No data in this period."))
        else:
            self._say("")
        self.finished.emit(report)

    def _heading(self, report: Report) -> str:
        parts = [report.park, report.period.describe()]
        if report.scope != report.park:  # the park's own name is already there
            parts.append(report.scope or self.tr("whole park"))
        if self.form.is_narrowed():
            parts.append(self.tr("only your own orders"))
        text = " · ".join([f"<b>{escape(report.title)}</b>", *(escape(p) for p in parts if p)])
        return "<br>".join([text, *(escape(note) for note in report.notes)])

    def _chart(self, report: Report) -> None:
        if not report.series:
            if self.chart is not None:
                self.chart.setVisible(False)
            return
        if self.chart is None:
            from .report_charts import ReportChart  # pyqtgraph: only when there is a chart

            self.chart = ReportChart(self)
            self.splitter.addWidget(self.chart)
            self.splitter.setSizes([460, 300])
        self.chart.setVisible(True)
        self.chart.show_series(report.kind, report.title, report.series)

    # ---------------------------------------------------------------- export

    def export(self, fmt: str) -> bool:
        """Ask where, then write the report as ``fmt`` off the GUI thread."""
        report = self.report
        if report is None:
            return False
        try:
            from app.reports.export import write_report
        except ImportError:  # the exporters come with their own branch (r-export)
            self._say(self.tr("Export is not available in this version."), error=True)
            return False
        filters = dict(EXPORTS)[fmt]
        name = f"{report.kind}_{report.period.start}_{report.period.end}.{fmt}"
        path = files.save_path(self, self.tr("Export the report"), name, filters)
        if not path:
            return False
        per_group = self.per_building.isChecked() and fmt == "xlsx"
        zone = self.zone  # times as the window shows them
        self._say(self.tr("Writing %1…").replace("%1", path))

        def write() -> str | _Refused:
            try:
                write_report(report, fmt, Path(path), per_group_sheets=per_group, zone=zone)
            except ReportError as exc:  # read-only, disk full, a folder: said in words
                return _Refused(str(exc))
            return path

        self.worker.submit(write, self._written, self._not_written)
        return True

    def _written(self, outcome: str | _Refused) -> None:
        if isinstance(outcome, _Refused):
            self._refused(outcome.text)
            return
        self._say(self.tr("Saved %1").replace("%1", outcome))
        self.exported.emit(outcome)

    def _not_written(self, exc: Exception) -> None:
        self._refused(self.tr("The file was not written: %1").replace("%1", str(exc)))

    # ---------------------------------------------------------------- closing

    def closeEvent(self, event: QCloseEvent) -> None:
        self._cancel.set()
        self.worker.wait(15_000)
        super().closeEvent(event)
