"""First start on an empty database: import a site sheet or create the demo park.

The main window shows ``FirstStartPanel`` in its centre while the database has no park and
drops it once one exists. Both actions go through the same core calls as the command line:
``import_site`` (a dry run for the preview, then the real import, audited) and
``build_demo`` (with a progress callback). Everything slow runs in the window's worker
pool; the role is checked by the core, the buttons only reflect it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.demo import DEMO_PERMISSIONS, DemoCancelled, DemoResult, build_demo
from app.i18n import tr as core_tr
from app.security import Actor, Permission
from app.services.site import import_site
from app.siteimport import ImportIssue, ImportReport, SiteImportError
from widgets.fonts import emphasise
from widgets.note import NoteLabel

from .bridge import Worker
from .labels import column_label

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
DEMO_ROOMS = 480  # as ``init --demo`` without --rooms
DEMO_MAX_ROOMS = 10_000  # the size the demo is benchmarked at


class _Progress(QObject):
    """Lives in the GUI thread; emitted from the worker, so the slot runs queued."""

    step = Signal(int, int)


class FirstStartPanel(QWidget):
    """Two big actions for a database without a park, and the command-line equivalents."""

    park_created = Signal(str)  # a summary for the status bar, once something was written
    preview_shown = Signal(object)  # the ImportPreviewDialog (tests and screenshots use it)
    demo_finished = Signal(object)  # DemoResult, None (cancelled) or the exception

    def __init__(self, db: Database, actor: Actor, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FirstStartPanel")
        self.db, self.actor, self.worker = db, actor, worker
        self.preview: ImportPreviewDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.step.connect(self._on_progress)

        title = QLabel(self.tr("Welcome to WattDesk"), self)
        emphasise(title, 1.8, bold=True)
        intro = QLabel(
            self.tr("The database has no park yet. Start with your own site or with the demo."),
            self,
        )
        intro.setWordWrap(True)
        self.import_button = self._big_button(self.tr("Import a site sheet…"))
        self.import_button.clicked.connect(self.choose_file)
        import_text = self.tr(
            "Buildings, floors, rooms, tenants and meters from a .csv or .xlsx file. "
            "You see every row, and every error, before anything is written."
        )
        self.demo_button = self._big_button(self.tr("Create the demo park"))
        self.demo_button.clicked.connect(self.create_demo)
        demo_text = self.tr(
            "A sample industrial park (offices, a student dormitory, a shopping street) on "
            "simulated meters: live readings start at once. Good for trying WattDesk out."
        )
        self.rooms = QSpinBox(self)
        self.rooms.setRange(1, DEMO_MAX_ROOMS)
        self.rooms.setSingleStep(10)
        self.rooms.setValue(DEMO_ROOMS)
        self.rooms.setPrefix(self.tr("Rooms: "))
        self.rooms.setAccessibleName(self.tr("Rooms in the demo park"))
        hint = QLabel(
            self.tr(
                "The command line does the same:<br><code>wattdesk site import FILE</code> "
                "(add <code>--dry-run</code> to check only)<br>"
                "<code>wattdesk init --demo --rooms N</code>"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role_note = NoteLabel(self)
        self.role_note.setObjectName("RoleNote")
        self.status = NoteLabel(self)
        self.status.setObjectName("FirstStartStatus")

        width = max(self.import_button.minimumWidth(), self.demo_button.minimumWidth())
        for widget in (self.import_button, self.demo_button, self.rooms):
            widget.setFixedWidth(width)
        content = QWidget(self)
        content.setMaximumWidth(880)
        column = QVBoxLayout(content)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addWidget(self._card(self.import_button, import_text))
        column.addWidget(self._card(self.demo_button, demo_text, self.rooms))
        column.addWidget(self.role_note)
        column.addWidget(self.status)
        column.addSpacing(12)
        column.addWidget(hint)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(content, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self._apply_role()

    # -- layout ------------------------------------------------------------------------
    def _big_button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        emphasise(button, 1.25, bold=True)
        button.setMinimumHeight(button.sizeHint().height() * 2)
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance(text) + 48)
        return button

    def _card(self, button: QPushButton, text: str, extra: QWidget | None = None) -> QFrame:
        """A big button (and what it needs) on the left, one line of what it does beside."""
        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(card)
        grid.setContentsMargins(16, 16, 16, 16)
        grid.setHorizontalSpacing(20)
        grid.addWidget(button, 0, 0)
        if extra is not None:
            grid.addWidget(extra, 1, 0)
        label = QLabel(text, card)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        label.setMinimumWidth(280)
        grid.addWidget(label, 0, 1, 2 if extra is not None else 1, 1)
        grid.setColumnStretch(1, 1)
        return card

    def _apply_role(self) -> None:
        """The core refuses anyway; the buttons only say so in advance."""
        may_import = self.actor.can(Permission.SITE_EDIT)
        may_demo = all(self.actor.can(p) for p in DEMO_PERMISSIONS)
        self.import_button.setEnabled(may_import)
        self.demo_button.setEnabled(may_demo)
        self.rooms.setEnabled(may_demo)
        if not may_import:
            self.role_note.setText(
                self.tr("Your role may not change the site: ask an administrator to set it up.")
            )
        elif not may_demo:
            self.role_note.setText(
                self.tr("Only an administrator creates the demo park (it holds opening balances).")
            )

    def _busy(self, text: str) -> None:
        self.import_button.setEnabled(False)
        self.demo_button.setEnabled(False)
        self.rooms.setEnabled(False)
        self.status.setText(text)

    def _idle(self, text: str = "") -> None:
        self._apply_role()
        self.status.setText(text)

    # -- import ------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a site sheet"),
            "",
            self.tr("Site sheets (*.csv *.xlsx *.xlsm);;All files (*)"),
        )
        if path:
            self.check_file(Path(path))

    def check_file(self, path: Path) -> None:
        """Validate ``path`` off the GUI thread exactly as ``site import --dry-run`` does."""
        db, actor = self.db, self.actor
        self._busy(self.tr("Checking %1…").replace("%1", path.name))
        self.worker.submit(
            lambda: _try_import(db, path, actor, dry_run=True),
            lambda outcome: self._checked(path, outcome),
            self._failed,
        )

    def _checked(self, path: Path, outcome: ImportReport | SiteImportError) -> None:
        self._idle()
        if isinstance(outcome, SiteImportError) and _file_problem(outcome.issues):
            QMessageBox.warning(
                self,
                self.tr("Import a site sheet"),
                "\n".join(issue.reason for issue in outcome.issues),
            )
            return
        if self.preview is not None:
            self.preview.deleteLater()
        self.preview = ImportPreviewDialog(path, outcome, self)
        self.preview.accepted.connect(lambda: self._write(path))
        self.preview.open()
        self.preview_shown.emit(self.preview)

    def _write(self, path: Path) -> None:
        """The real import: the same call as ``site import``, one transaction, audited."""
        db, actor = self.db, self.actor
        self._busy(self.tr("Importing %1…").replace("%1", path.name))
        self.worker.submit(
            lambda: _try_import(db, path, actor, dry_run=False),
            lambda outcome: self._written(path, outcome),
            self._failed,
        )

    def _written(self, path: Path, outcome: ImportReport | SiteImportError) -> None:
        if isinstance(outcome, SiteImportError):  # the file changed since the preview
            self._checked(path, outcome)
            return
        self._idle(outcome.summary())
        self.park_created.emit(outcome.summary())

    def _failed(self, exc: Exception) -> None:
        """Refused by the core (a role changed since login) or the database failed."""
        self._idle()
        QMessageBox.warning(self, self.tr("WattDesk"), str(exc))

    def _demo_failed(self, exc: Exception) -> None:
        self._close_progress()
        self._failed(exc)
        self.demo_finished.emit(exc)

    # -- demo --------------------------------------------------------------------------
    def create_demo(self) -> None:
        """``build_demo`` in the worker with a progress dialog; cancelling writes nothing."""
        db, actor, rooms = self.db, self.actor, self.rooms.value()
        self._cancel.clear()
        self._busy(self.tr("Creating the demo park…"))
        dialog = QProgressDialog(
            self.tr("Creating the demo park with %1 rooms…").replace("%1", str(rooms)),
            self.tr("Cancel"),
            0,
            2 * rooms,
            self,
        )
        dialog.setWindowTitle(self.tr("Demo park"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(self._cancel.set)
        dialog.setValue(0)
        dialog.show()
        self.progress_dialog = dialog
        cancel, emit = self._cancel, self._progress.step.emit

        def progress(done: int, total: int) -> None:  # runs in the worker thread
            if cancel.is_set():
                raise DemoCancelled()
            emit(done, total)

        def run() -> DemoResult | None:
            try:
                return build_demo(db, rooms=rooms, actor=actor, progress=progress, history=True)
            except DemoCancelled:
                return None

        self.worker.submit(run, self._demo_done, self._demo_failed)

    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is not None and not dialog.wasCanceled():
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _demo_done(self, result: DemoResult | None) -> None:
        self._close_progress()
        if result is None:
            self._idle(self.tr("Cancelled: the demo park was not created, nothing was written."))
        elif not result.created:
            self._idle(core_tr("The demo park already exists; nothing added."))
            self.park_created.emit(core_tr("The demo park already exists; nothing added."))
        else:
            summary = core_tr(
                "Demo park {park!r} created: {rooms} rooms, {meters} meters on {links} links "
                "in {seconds:.1f} s.",
                park=result.park,
                rooms=result.rooms,
                meters=result.meters,
                links=result.links,
                seconds=result.seconds,
            )
            self._idle(summary)
            self.park_created.emit(summary)
        self.demo_finished.emit(result)


def _try_import(
    db: Database, path: Path, actor: Actor, *, dry_run: bool
) -> ImportReport | SiteImportError:
    """Row errors are an answer, not a failure: return them instead of raising."""
    try:
        return import_site(db, path, dry_run=dry_run, actor=actor)
    except SiteImportError as exc:
        return exc


def _file_problem(issues: list[ImportIssue]) -> bool:
    """Row 0 means the file itself (wrong type, unreadable), not a row of it."""
    return any(issue.row == 0 and issue.column == "-" for issue in issues)


class _Rows(QAbstractTableModel):
    """A read-only table of text rows (a sheet of 10,000 rows stays cheap to show)."""

    def __init__(self, headers: list[str], rows: Sequence[Sequence[str]], parent: QObject) -> None:
        super().__init__(parent)
        self.headers, self.rows = headers, rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ImportPreviewDialog(QDialog):
    """What the import would do, or why it cannot: nothing is written until Import."""

    def __init__(
        self, path: Path, outcome: ImportReport | SiteImportError, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ImportPreviewDialog")
        self.setWindowTitle(self.tr("Import a site sheet — preview"))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        heading = QLabel(path.name, self)
        emphasise(heading, 1.3, bold=True)
        heading.setToolTip(str(path))
        layout.addWidget(heading)
        self.counts = QLabel(self)
        self.counts.setObjectName("PreviewCounts")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.rows_view: QTableView | None = None
        self.errors_view: QTableView | None = None
        if isinstance(outcome, SiteImportError):
            self._show_errors(outcome.issues, layout)
        else:
            self._show_plan(outcome, layout)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.setEnabled(isinstance(outcome, ImportReport))
        self.import_button.setDefault(self.import_button.isEnabled())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _table(self, model: _Rows) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _show_plan(self, report: ImportReport, layout: QVBoxLayout) -> None:
        self.counts.setText(
            self.tr(
                "Rows in the sheet: %1. To create: %2, to update: %3, unchanged: %4. "
                "Nothing is written yet."
            )
            .replace("%1", str(report.rows))
            .replace("%2", str(report.created))
            .replace("%3", str(report.updated))
            .replace("%4", str(report.unchanged))
        )
        changes = {"create": self.tr("new"), "update": self.tr("changed")}
        rows = [
            (
                str(p.line),
                changes[p.change],
                p.park,
                p.building,
                p.floor,
                p.room,
                p.tenant,
                p.meter_address,
                p.link,
                p.profile,
            )
            for p in report.plan
            if p.change in changes
        ]
        headers = [
            self.tr("Row"),
            self.tr("Change"),
            self.tr("Park"),
            self.tr("Building"),
            self.tr("Floor"),
            self.tr("Room"),
            self.tr("Tenant"),
            self.tr("Meter"),
            self.tr("Link"),
            self.tr("Profile"),
        ]
        title = QLabel(self.tr("Rows to create or update (%1)").replace("%1", str(len(rows))))
        emphasise(title, 1.0, bold=True)
        layout.addWidget(title)
        self.rows_view = self._table(_Rows(headers, rows, self))
        layout.addWidget(self.rows_view, 1)

    def _show_errors(self, issues: list[ImportIssue], layout: QVBoxLayout) -> None:
        self.counts.setText(
            self.tr(
                "Errors: %1. Nothing can be imported: correct the sheet and choose it again. "
                "Nothing was written."
            ).replace("%1", str(len(issues)))
        )
        self.counts.setStyleSheet("color: #b3261e;")
        rows = [
            (str(i.row) if i.row else "-", column_label(i.column), i.reason)
            for i in sorted(issues, key=lambda i: (i.row, i.column))
        ]
        headers = [self.tr("Row"), self.tr("Column"), self.tr("Reason")]
        title = QLabel(self.tr("Errors in the sheet"))
        emphasise(title, 1.0, bold=True)
        layout.addWidget(title)
        self.errors_view = self._table(_Rows(headers, rows, self))
        layout.addWidget(self.errors_view, 1)
