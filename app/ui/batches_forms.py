"""The parts of the batch dialog that depend on the action: what to write, which sheet.

- ``ParamsForm``: meter parameters (alarm levels, maximum balance, the four band prices of
  a meter-side meter); an empty field keeps the meter's value. The values are checked by
  ``app.batch.actions.param_errors`` (the service's own rule) and each problem is shown
  under its field.
- ``SheetForm``: a CSV/XLSX sheet of rooms and amounts (recharge, base allowance or a fee
  per room); the dialog runs the service's sheet check and lists every error.
- ``FeeForm``: the fee item and one amount for every room (or a sheet instead).
- ``ResultTable``: the preview (item, what will happen, amount) or the sheet's errors
  (row, column, problem) in one table.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .labels import meter_param_label

PARAMS = ("alarm_1", "alarm_2", "max_balance", "price_1", "price_2", "price_3", "price_4")
ERROR_STYLE = "color: #c62828;"


class ParamsForm(QWidget):
    """Meter parameters for a ``params`` batch; each field has its error line under it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for index, name in enumerate(PARAMS):
            edit = QLineEdit(self)
            edit.setObjectName(f"batch-param-{name}")
            edit.setPlaceholderText(self.tr("keep the meter's value"))
            edit.textChanged.connect(self.changed)
            error = QLabel(self)
            error.setObjectName(f"batch-param-error-{name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(edit)
            cell.addWidget(error)
            # alarm lines on the left, the four band prices on the right
            row, column = (index, 0) if index < 3 else (index - 3, 2)
            label = QLabel(meter_param_label(name), self)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, column)
            grid.addLayout(cell, row, column + 1, Qt.AlignmentFlag.AlignTop)
            self.edits[name], self.errors[name] = edit, error
        note = QLabel(
            self.tr(
                "Written to meter-side meters (表端计费), which keep their own balance, "
                "prices and alarm lines. Leave a field empty to keep the meter's value."
            ),
            self,
        )
        note.setWordWrap(True)
        grid.addWidget(note, 4, 0, 1, 4)

    def values(self) -> dict[str, str]:
        """The filled fields as typed (the service checks them)."""
        out = {}
        for name, edit in self.edits.items():
            text = edit.text().strip().lstrip("¥￥")
            if text:
                out[name] = text
        return out

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)


class SheetForm(QWidget):
    """A sheet of rooms and amounts (CSV or XLSX), picked from a file dialog."""

    changed = Signal()

    def __init__(self, purpose: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.file = QLineEdit(self)
        self.file.setObjectName("BatchSheetPath")
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(self.tr("CSV or XLSX: room, amount, optional building"))
        choose = QPushButton(self.tr("Choose sheet…"), self)
        choose.setObjectName("ChooseSheet")
        choose.clicked.connect(self._choose)
        self.purpose = QComboBox(self)
        self.purpose.setObjectName("SheetPurpose")
        self.purpose.addItem(self.tr("Recharge (充值)"), "")
        self.purpose.addItem(self.tr("Base allowance (基础额度)"), "base allowance")
        self.purpose.currentIndexChanged.connect(self.changed)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        form.addRow(self.tr("Sheet:"), row)
        if purpose:
            form.addRow(self.tr("Purpose:"), self.purpose)
        else:
            self.purpose.hide()
        note = QLabel(
            self.tr(
                "Every row is checked before anything is created: a sheet with any error "
                "is refused as a whole, with every error listed by row and column."
            ),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a sheet"), "", self.tr("Sheets (*.csv *.xlsx)")
        )
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.file.setText("" if path is None else str(path))
        self.changed.emit()

    def note(self) -> str:
        return str(self.purpose.currentData() or "")


class FeeForm(QWidget):
    """A fee deduction: its item's name, and the amount for every room."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = QLineEdit(self)
        self.item.setObjectName("BatchFeeItem")
        self.item.setPlaceholderText(self.tr("e.g. 垃圾费 or 物业费"))
        self.amount = QLineEdit(self)
        self.amount.setObjectName("BatchFeeAmount")
        self.amount.setPlaceholderText(self.tr("yuan per room"))
        self.sheet = SheetForm(False, self)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Fee item:"), self.item)
        form.addRow(self.tr("Amount per room:"), self.amount)
        form.addRow(QLabel(self.tr("Or an amount per room from a sheet:"), self))
        form.addRow(self.sheet)
        for signal in (self.item.textChanged, self.amount.textChanged, self.sheet.changed):
            signal.connect(self.changed)


class ResultTable(QTableWidget):
    """The preview's items, or the sheet's errors: read-only rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def fill(
        self,
        headers: list[str],
        rows: list[list[str]],
        right: tuple[int, ...] = (),
        stretch: int = -1,
    ) -> None:
        """Replace everything; ``stretch`` (default the last) takes the spare width."""
        self.clear()
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c in right:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            stretch % len(headers) if headers else 0, QHeaderView.ResizeMode.Stretch
        )

    def texts(self, column: int) -> list[str]:
        """One column's texts (tests read what the operator sees)."""
        return [self.item(r, column).text() for r in range(self.rowCount())]
