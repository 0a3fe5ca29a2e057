"""The Reports window's table model: one ``app.reports.Table`` as rows people can sort.

A report table is typed data (fen, kWh, aware datetimes); this model shows each cell with
``app.reports.format_cell`` in the park's time zone, numbers right-aligned, the subtotal of
each run of the table's ``group`` column (the building) after its rows and the totals row
last, both bold. Sorting keeps that shape: rows are sorted inside their group, subtotals
stay under their group and the totals row stays at the bottom, so a clerk who sorts by
money still reads "A栋 subtotal" under A栋's rooms.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.reports import ColumnKind, Table, format_cell
from app.reports.table import Cell, Row

NUMERIC = frozenset({ColumnKind.INT, ColumnKind.FEN, ColumnKind.KWH, ColumnKind.PERCENT})
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the typed cell (int fen, Decimal kWh ...)
LINE_ROLE = Qt.ItemDataRole.UserRole + 2  # "row", "subtotal" or "total"
SUBTOTAL_BRUSH = QBrush(QColor("#eef3f8"))
TOTAL_BRUSH = QBrush(QColor("#dde6ef"))

Index = QModelIndex | QPersistentModelIndex


class Line(enum.StrEnum):
    ROW = "row"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass(frozen=True)
class _Shown:
    cells: Row
    line: Line


def _sort_key(value: Cell) -> tuple[int, Any]:
    """Empty cells last; everything else by its typed value (yuan as fen, not as text)."""
    if value is None:
        return (1, 0)
    return (0, value)


class ReportTableModel(QAbstractTableModel):
    """Rows of one report table, its group subtotals and its totals row (read-only)."""

    def __init__(
        self, table: Table, zone: ZoneInfo | None, subtotal_label: str = "{group}"
    ) -> None:
        super().__init__()
        self.table = table
        self.zone = zone
        self.subtotal_label = subtotal_label
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._lines: list[_Shown] = []
        self._layout()

    # ---------------------------------------------------------------- shape

    def _layout(self) -> None:
        """Rows (sorted inside each group when a sort is set), subtotals, totals."""
        groups = self.table.subtotals(self.subtotal_label) if self.table.group else []
        lines: list[_Shown] = []
        if groups and len(groups) > 1:
            for _value, rows, subtotal in groups:
                lines += [_Shown(r, Line.ROW) for r in self._sorted(rows)]
                lines.append(_Shown(subtotal, Line.SUBTOTAL))
        else:
            lines += [_Shown(r, Line.ROW) for r in self._sorted(self.table.rows)]
        if self.table.total is not None:
            lines.append(_Shown(self.table.total, Line.TOTAL))
        self._lines = lines

    def _sorted(self, rows: list[Row]) -> list[Row]:
        if self._sort is None:
            return list(rows)
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda row: _sort_key(row[column]), reverse=descending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = None if column < 0 else (column, order)
        self._layout()
        self.layoutChanged.emit()

    # ---------------------------------------------------------------- questions

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def line(self, row: int) -> Line:
        return self._lines[row].line

    def raw(self, row: int, column: int) -> Cell:
        return self._lines[row].cells[column]

    def total_row(self) -> int | None:
        """The index of the totals row (the last line), None without one."""
        if self._lines and self._lines[-1].line is Line.TOTAL:
            return len(self._lines) - 1
        return None

    def text(self, row: int, column: int) -> str:
        kind = self.table.columns[column].kind
        return format_cell(self._lines[row].cells[column], kind, self.zone)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        shown = self._lines[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.table.columns[column].kind in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and shown.line is not Line.ROW:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if shown.line is Line.TOTAL:
                return TOTAL_BRUSH
            if shown.line is Line.SUBTOTAL:
                return SUBTOTAL_BRUSH
            return None
        if role == RAW_ROLE:
            return shown.cells[column]
        if role == LINE_ROLE:
            return shown.line.value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
