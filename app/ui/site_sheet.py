"""Site → Import / export the site sheet: a preview of every row before anything is written.

The window only shows and asks; the work is the Qt-free ``app.sitesheet``: ``preview_sheet``
(a read snapshot, nothing written), ``apply_sheet`` (one audited transaction, all rows or
none) and ``export_site``. Each runs in the worker pool (``app/ui/bridge.py``), never on the
GUI thread. Apply stays disabled while the preview shows any error; the core checks the
role and the whole sheet again anyway (the file or the database may have changed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.security import Actor, Permission
from app.siteimport import ImportReport, SiteImportError
from app.sitesheet import (
    ExportResult,
    PreviewRow,
    SheetPreview,
    apply_sheet,
    column_title,
    export_site,
    preview_sheet,
)
from widgets.fonts import emphasise
from widgets.note import NoteLabel

from .bridge import Worker

Index = QModelIndex | QPersistentModelIndex
# soft backgrounds by outcome, with dark text so they read in the dark theme too
COLOURS = {"error": "#f9d6d5", "new": "#dcf0d8", "updated": "#fff1c7"}
INK = QColor("#1f1f1f")
OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 1
FOLDER_KEY = "site_sheet/folder"  # the folder of the last sheet opened or saved


def documents_folder() -> str:
    """Where the file dialogs start: the user's Documents folder (the program's folder is
    no place for a site sheet)."""
    path = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return path or str(Path.home())


def _shade(row: PreviewRow) -> str:
    if not row.ok:
        return "error"
    if any(o in ("room", "meter", "tenant", "account") for o in row.outcomes):
        return "new"
    return "updated" if "updated" in row.outcomes else ""


class PreviewModel(QAbstractTableModel):
    """The preview's rows; 10,000 of them stay cheap (text is made when a cell is painted)."""

    FIELDS = ("building", "floor", "room", "tenant", "meter_address", "link")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []
        self.headers = [
            self.tr("Row"),
            self.tr("Outcome"),
            *(column_title(field) for field in self.FIELDS),
            self.tr("Errors"),
        ]

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and not row.ok:
            return row.errors_text()
        if role == Qt.ItemDataRole.BackgroundRole:
            shade = _shade(row)
            return QColor(COLOURS[shade]) if shade else None
        if role == Qt.ItemDataRole.ForegroundRole and _shade(row):
            return INK
        if role == OUTCOME_ROLE:
            return _shade(row) or "unchanged"
        return None

    def _text(self, row: PreviewRow, column: int) -> str:
        if column == 0:
            return str(row.line)
        if column == 1:
            return row.outcome_text()
        if column == len(self.headers) - 1:
            return row.errors_text()
        return row.cells.get(self.FIELDS[column - 2], "")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ErrorsOnly(QSortFilterProxyModel):
    """The "errors only" filter: the rows to correct, without scrolling through the rest."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.errors_only = False

    def set_errors_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.errors_only = on
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.errors_only:
            return True
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        return not model.rows[source_row].ok


class SiteSheetWindow(QWidget):
    """Choose a sheet, see every row's outcome and error, apply it; or export the site."""

    previewed = Signal(object)  # SheetPreview
    applied = Signal(str)  # the import's summary, once written
    exported = Signal(object)  # ExportResult

    def __init__(
        self, db: Database, actor: Actor, worker: Worker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("SiteSheetWindow")
        self.setWindowTitle(self.tr("Site sheet — import and export"))
        self.db, self.actor, self.worker = db, actor, worker
        self.preview: SheetPreview | None = None
        self.folder = str(QSettings().value(FOLDER_KEY, "") or documents_folder())
        self.resize(1100, 640)

        self.open_button = QPushButton(self.tr("Choose a sheet to import…"), self)
        self.open_button.clicked.connect(self.choose_file)
        self.export_button = QPushButton(self.tr("Export the site…"), self)
        self.export_button.clicked.connect(self.choose_export)
        self.errors_only = QCheckBox(self.tr("Errors only"), self)
        self.errors_only.toggled.connect(self._filter)
        self.file_label = QLabel(self.tr("No sheet chosen."), self)
        emphasise(self.file_label, 1.15, bold=True)
        self.summary = NoteLabel(self)
        self.summary.setObjectName("SheetSummary")
        self.model = PreviewModel(self)
        self.proxy = ErrorsOnly(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._table()
        self.details = NoteLabel(self)  # the selected row's errors in full (a cell clips them)
        self.details.setObjectName("RowErrors")
        self.details.setStyleSheet("color: #b3261e;")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.apply_button = QPushButton(self.tr("Apply the sheet"), self)
        self.apply_button.setObjectName("ApplySheet")
        self.apply_button.clicked.connect(self.apply)
        self.role_note = NoteLabel(self)
        self.status = NoteLabel(self)
        self.status.setObjectName("SheetStatus")
        self._layout()
        self._refresh_buttons()

    # -- layout -----------------------------------------------------------------------
    def _table(self) -> QTableView:
        view = QTableView(self)
        view.setModel(self.proxy)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(300)  # widths from 300 rows, not all 10,000
        header.setStretchLastSection(True)
        return view

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        top.addWidget(self.errors_only)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.apply_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.file_label)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addWidget(self.details)
        column.addWidget(self.role_note)
        column.addLayout(bottom)

    def _refresh_buttons(self, busy: bool = False) -> None:
        """The core refuses anyway; the buttons say so in advance, with the reason."""
        may_edit = self.actor.can(Permission.SITE_EDIT)
        self.open_button.setEnabled(may_edit and not busy)
        self.export_button.setEnabled(self.actor.can(Permission.VIEW) and not busy)
        ready = self.preview is not None and self.preview.ok and bool(self.preview.rows)
        self.apply_button.setEnabled(may_edit and ready and not busy)
        if not may_edit:
            self.role_note.setText(
                self.tr("Your role may not change the site: you can export it, not import.")
            )
        elif self.preview is not None and not self.preview.ok:
            self.apply_button.setToolTip(
                self.tr("Correct the errors in the sheet and choose it again.")
            )
        else:
            self.apply_button.setToolTip("")

    def _filter(self, on: bool) -> None:
        self.proxy.set_errors_only(on)

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(current)
        row = self.model.rows[source.row()] if source.isValid() else None
        self.details.setText(
            self.tr("Row %1: %2").replace("%1", str(row.line)).replace("%2", row.errors_text())
            if row is not None and not row.ok
            else ""
        )

    def _remember(self, folder: Path) -> None:
        self.folder = str(folder)
        QSettings().setValue(FOLDER_KEY, self.folder)

    # -- import -----------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a site sheet"),
            self.folder,
            self.tr("Site sheets (*.xlsx *.xlsm *.csv);;All files (*)"),
        )
        if path:
            self.preview_file(Path(path))

    def preview_file(self, path: Path) -> None:
        """Check ``path`` in the worker pool; nothing is written."""
        self._remember(path.parent)
        self.preview = None
        self.details.setText("")
        self.model.set_rows([])
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.summary.setText("")
        self.status.setText(self.tr("Checking %1…").replace("%1", path.name))
        self._refresh_buttons(busy=True)
        db, actor = self.db, self.actor
        self.worker.submit(lambda: preview_sheet(db, path, actor), self._previewed, self._failed)

    def _previewed(self, preview: SheetPreview) -> None:
        self.preview = preview
        self.model.set_rows(preview.rows)
        lines = [preview.summary()]
        lines += [
            self.tr("%1: %2").replace("%1", column_title(i.column)).replace("%2", i.reason)
            for i in preview.file_issues
        ]
        self.summary.setText("\n".join(lines))
        self.summary.setStyleSheet("" if preview.ok else "color: #b3261e;")
        self.status.setText("")
        self.table.resizeColumnsToContents()
        self._refresh_buttons()
        self.previewed.emit(preview)

    def apply(self) -> None:
        """Write the previewed sheet: one transaction in the worker pool."""
        preview = self.preview
        if preview is None or not preview.ok:
            return
        path, db, actor = preview.path, self.db, self.actor
        self.status.setText(self.tr("Writing %1…").replace("%1", path.name))
        self._refresh_buttons(busy=True)

        def run() -> ImportReport | SiteImportError:
            try:
                return apply_sheet(db, path, actor)
            except SiteImportError as exc:  # changed since the preview: show it again
                return exc

        self.worker.submit(run, self._applied, self._failed)

    def _applied(self, outcome: ImportReport | SiteImportError) -> None:
        assert self.preview is not None
        path = self.preview.path
        if isinstance(outcome, SiteImportError):
            self.status.setText(self.tr("Nothing was written: the sheet or the site changed."))
            self.preview_file(path)
            return
        summary = outcome.summary()
        self.applied.emit(summary)
        self.preview_file(path)  # the same sheet again: every row now unchanged
        self.status.setText(summary)

    # -- export -----------------------------------------------------------------------
    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the site"),
            str(Path(self.folder) / self.tr("site.xlsx")),
            self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        self._remember(path.parent)
        self.status.setText(self.tr("Exporting to %1…").replace("%1", path.name))
        self._refresh_buttons(busy=True)
        db, actor = self.db, self.actor
        self.worker.submit(lambda: export_site(db, path, actor), self._exported, self._failed)

    def _exported(self, result: ExportResult) -> None:
        self.status.setText(result.summary())
        self._refresh_buttons()
        self.exported.emit(result)

    def _failed(self, exc: Exception) -> None:
        """Refused by the core (a role changed since login), a file or the database failed."""
        self.status.setText("")
        self._refresh_buttons()
        QMessageBox.warning(self, self.tr("Site sheet"), str(exc))
