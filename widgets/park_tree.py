"""The park tree view: a search box over a tree that filters rooms as you type.

Search matches any visible column and each row's hidden search text (pinyin initials,
meter addresses); parents of a match stay visible so the room is shown in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from .tree_model import KEY_ROLE, SEARCH_ROLE, TreeModel


class _SearchProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_needle(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._needle = text.strip().lower()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = text.strip().lower()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        first = model.index(row, 0, parent)
        if self._needle in str(model.data(first, SEARCH_ROLE) or "").lower():
            return True
        for column in range(model.columnCount(parent)):
            value = model.data(model.index(row, column, parent), Qt.ItemDataRole.DisplayRole)
            if value and self._needle in str(value).lower():
                return True
        return False


class ParkTree(QWidget):
    """Search field + tree. Emits ``activated(key)`` when a row is chosen."""

    activated = Signal(object)

    def __init__(self, model: TreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = _SearchProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search room, tenant, pinyin initials or meter address")
        )
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)  # keeps 10,000 rows cheap to lay out
        self.view.setAlternatingRowColors(True)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.header().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        # filter after a short pause in typing, not on every key stroke
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

    def apply_filter_now(self, text: str) -> None:
        self.search.setText(text)
        self._apply_filter()

    def _apply_filter(self) -> None:
        text = self.search.text()
        self.proxy.set_needle(text)
        if text.strip():
            self.view.expandAll()

    def set_column_widths(self, widths: list[int]) -> None:
        for column, width in enumerate(widths):
            self.view.header().resizeSection(column, width)

    def expand_to_depth(self, depth: int) -> None:
        self.view.expandToDepth(depth)

    def visible_keys(self) -> list[Any]:
        """Keys of every row the filter lets through (depth first)."""
        keys: list[Any] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                keys.append(self.proxy.data(index, KEY_ROLE))
                stack.append(index)
        return keys

    def select_key(self, key: Any) -> bool:
        source = self.model.index_of(key)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.activated.emit(self.proxy.data(current, KEY_ROLE))
