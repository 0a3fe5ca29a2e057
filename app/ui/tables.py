"""Shared helpers of the windows' list pages and editors (Billing, Time control, ...).

``make_table`` / ``fill`` / ``chosen``: a read-only, row-selecting table filled with rows of
text (numbers right-aligned) whose first cell carries the row's data. ``guarded`` wraps a
worker job so that a refusal (``SecurityError``, or a service's ``ValueError``: the billing
and time-control errors are ones) comes back as ``Refused`` with its sentence instead of a
crash. ``RED`` and ``field_named``: an editor outlines the field the service's sentence
names. Moved here from billing_runs.py / billing_editor.py (issue 17) unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.security import SecurityError

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
NUMBER = re.compile(r"-?[\d,]+(\.\d+)?")  # an amount or a count: right-aligned
RED = "border: 1px solid #c62828;"


def make_table(parent: QWidget, headers: list[str], name: str, stretch: int = -1) -> QTableWidget:
    """A read-only, row-selecting table (the pages' lists); column ``stretch`` (default the
    last) takes the room left."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    stretch = stretch % len(headers)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setProperty("stretch", stretch)
    return table


def fill(table: QTableWidget, rows: Sequence[Sequence[Any]], data: Sequence[Any] = ()) -> None:
    """Rows of text; an ``int`` cell is right-aligned; ``data[i]`` rides on row i's first cell."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if isinstance(value, int) or NUMBER.fullmatch(str(value)):
                item.setTextAlignment(RIGHT)
            table.setItem(r, c, item)
        if r < len(data):
            table.item(r, 0).setData(Qt.ItemDataRole.UserRole, data[r])
    table.resizeColumnsToContents()  # measures the rows in view only: the rest below
    metrics = table.fontMetrics()
    for c in range(table.columnCount()):
        if c != table.property("stretch"):
            widest = max(
                (metrics.horizontalAdvance(str(row[c])) for row in rows if c < len(row)),
                default=0,
            )
            width = max(table.columnWidth(c), widest + 16)
            table.setColumnWidth(c, min(width + 12, 320))


def chosen(table: QTableWidget) -> Any:
    """The selected row's data, or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class Refused:
    """A job's refusal: its sentence, for the status bar or under the form."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def guarded(fn: Callable[[], Any]) -> Callable[[], Any]:
    """The job a worker runs: a refusal becomes ``Refused`` (a sentence, not a crash)."""

    def job() -> Any:
        try:
            return fn()
        except (SecurityError, ValueError) as exc:
            return Refused(str(exc))

    return job


def field_named(text: str, keys: list[str]) -> str | None:
    """The form's key the service's sentence names first (``amount``, ``cap_percent``...;
    the Chinese sentences keep the key too, not always at the start)."""
    found = [
        (m.start(), -len(k), k)
        for k in keys
        if (m := re.search(rf"(?<![A-Za-z_]){re.escape(k)}(?![A-Za-z_])", text))
    ]
    return min(found)[2] if found else None
