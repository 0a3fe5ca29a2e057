"""The park tree view: a search box over a tree that filters rooms as you type.

Search matches any visible column and each row's hidden search text (pinyin initials,
meter addresses); parents of a match stay visible so the room is shown in place. Filter
chips (checkable buttons the caller names, e.g. "offline", "cut") keep only rows whose
flags include one of the checked chips; text and chips combine.

The filter reads the model's nodes directly instead of going through ``data()`` per
column: Python calls per cell would make typing in a 10,000-room park sluggish.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from .tree_model import KEY_ROLE, TreeModel, TreeNode


class _SearchProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._flags: frozenset[str] = frozenset()
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_filter(self, text: str, flags: frozenset[str]) -> None:
        needle = text.strip().lower()
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._needle, self._flags = needle, flags
            self.setAutoAcceptChildRows(not flags)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle, self._flags = needle, flags
            self.setAutoAcceptChildRows(not flags)
            self.invalidateFilter()

    @property
    def active(self) -> bool:
        return bool(self._needle or self._flags)

    def _text_matches(self, node: TreeNode) -> bool:
        needle = self._needle
        if needle in node.search.lower():
            return True
        return any(v is not None and needle in str(v).lower() for v in node.values)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle and not self._flags:
            return True
        index = self.sourceModel().index(row, 0, parent)
        node: TreeNode | None = index.internalPointer() if index.isValid() else None
        if node is None:
            return False
        if not self._flags:
            return self._text_matches(node)
        if not (node.flags & self._flags):
            return False  # parents stay visible through recursive filtering
        if not self._needle:
            return True
        up: TreeNode | None = node
        while up is not None and up.kind != "root":  # "1号厂房" + offline: its offline rooms
            if self._text_matches(up):
                return True
            up = up.parent
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
        self.chips: dict[str, QToolButton] = {}
        self.chip_bar = QHBoxLayout()
        self.chip_bar.setContentsMargins(0, 0, 0, 0)
        self.chip_bar.setSpacing(4)
        self.chip_bar.addStretch(1)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)  # keeps 10,000 rows cheap to lay out
        self.view.setAlternatingRowColors(True)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.header().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(self.chip_bar)
        layout.addWidget(self.view)
        # filter after a short pause in typing, not on every key stroke
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

    def set_chips(self, chips: list[tuple[str, str, str]]) -> None:
        """Checkable filter chips: (flag, label, tooltip); checking one filters at once."""
        for flag, label, tooltip in chips:
            button = self.chips.get(flag)
            if button is None:
                button = QToolButton(self)
                button.setCheckable(True)
                button.setObjectName(f"chip-{flag}")
                button.toggled.connect(self._apply_filter)
                self.chip_bar.insertWidget(len(self.chips), button)
                self.chips[flag] = button
            button.setText(label)
            button.setToolTip(tooltip)

    def checked_flags(self) -> frozenset[str]:
        return frozenset(f for f, b in self.chips.items() if b.isChecked())

    def apply_filter_now(self, text: str) -> None:
        self.search.setText(text)
        self._apply_filter()

    def _apply_filter(self) -> None:
        text = self.search.text()
        flags = self.checked_flags()
        self.proxy.set_filter(text, flags)
        if text.strip() or flags:
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
