"""The park tree view: a search box over a tree that filters rooms as you type.

Search matches each row's search text (which the caller fills, in lower case, with
everything findable: number, name, pinyin initials, meter addresses) or, for rows without
one, the first column; parents of a match stay visible so the room is shown in place. Filter
chips (checkable buttons the caller names, e.g. "offline", "cut") keep only rows whose
flags include one of the checked chips; text and chips combine.

The filter reads the model's nodes directly instead of going through ``data()`` per
column: Python calls per cell would make typing in a 10,000-room park sluggish. And while
no filter is active the view shows the model itself, not the proxy: a proxy (even one
that accepts everything) turns 1,000 live row updates into ~40,000 Python calls (300 ms);
without it they cost ~15 ms. The proxy is swapped in when a filter starts and out again
when it is cleared (the tree then collapses to buildings, keeping the current room).
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
    """Accepts the rows of a set computed in one pass over the tree.

    Qt's recursive filtering evaluates a room once for itself and again for each ancestor
    (4 Python calls per room in a park tree); one pass in Python that marks matches and
    their ancestors is several times cheaper, and ``filterAcceptsRow`` becomes a set lookup.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._flags: frozenset[str] = frozenset()
        self._accepted: set[int] = set()

    def set_filter(self, text: str, flags: frozenset[str], source: TreeModel) -> None:
        """New filter; attaches the proxy to ``source`` if it is not yet."""
        self._needle, self._flags = text.strip().lower(), flags
        accepted = self._accept(source.root)
        if self.sourceModel() is not source:
            self._accepted = accepted
            self.setSourceModel(source)  # one evaluation of every row
            return
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._accepted = accepted
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._accepted = accepted
            self.invalidateFilter()

    def _text_matches(self, node: TreeNode) -> bool:
        """Rows match on their search text (the caller puts everything findable there,
        lower case) or, without one, on their first column."""
        return self._needle in (node.search or str(node.values[0]).lower())

    def _accept(self, root: TreeNode) -> set[int]:
        accepted: set[int] = set()
        needle, flags = self._needle, self._flags
        # (node, an ancestor matched the text) depth first
        stack: list[tuple[TreeNode, bool]] = [(child, False) for child in root.children]
        while stack:
            node, inherited = stack.pop()
            text_ok = inherited or not needle or self._text_matches(node)
            if node.children:
                stack.extend((child, text_ok) for child in node.children)
                if not flags and text_ok and not inherited and needle:
                    self._mark(node, accepted)  # a building that matches: all of it
                continue
            if text_ok and (not flags or node.flags & flags):
                self._mark(node, accepted)
        return accepted

    @staticmethod
    def _mark(node: TreeNode | None, accepted: set[int]) -> None:
        while node is not None and node.kind != "root" and id(node) not in accepted:
            accepted.add(id(node))
            node = node.parent

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        up: TreeNode = parent.internalPointer() if parent.isValid() else self.sourceModel().root
        return id(up.children[row]) in self._accepted


class ParkTree(QWidget):
    """Search field + tree. Emits ``activated(key)`` when a row is chosen."""

    activated = Signal(object)

    def __init__(self, model: TreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = _SearchProxy(self)  # attached to the model only while filtering
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
        self.view.setModel(model)
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
        model.children_shown = self._children_shown
        # while filtering, live changes re-run the filter (debounced): a room that goes
        # offline appears under the "offline" chip within a second
        self._refilter = QTimer(self, singleShot=True, interval=700)
        self._refilter.timeout.connect(self._apply_filter)
        model.dataChanged.connect(self._source_changed)
        model.modelReset.connect(self._source_changed)

    def _source_changed(self, *_: Any) -> None:
        if self.filtered and not self._refilter.isActive():
            self._refilter.start()

    def _children_shown(self, node: TreeNode) -> bool:
        if self.filtered:  # the proxy must see every change (it filters on live flags)
            return True
        return self.view.isExpanded(self.model.index_of(node.key))

    @property
    def filtered(self) -> bool:
        return self.view.model() is self.proxy

    def _show_model(self, filtered: bool) -> None:
        """Put the proxy between view and model only while a filter is active."""
        if filtered == self.filtered:
            return
        current = self.current_key()
        self.view.setModel(self.proxy if filtered else self.model)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        if not filtered:
            self.view.expandToDepth(1)
        if current is not None:
            self._select(current, emit=False)

    def current_key(self) -> Any:
        index = self.view.currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else None

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
        active = bool(text.strip() or flags)
        if active:
            self.proxy.set_filter(text, flags, self.model)
            self._show_model(True)
            self.view.expandAll()
        else:
            self._show_model(False)
            self.proxy.setSourceModel(None)  # a detached proxy costs nothing on updates

    def set_column_widths(self, widths: list[int]) -> None:
        for column, width in enumerate(widths):
            self.view.header().resizeSection(column, width)

    def expand_to_depth(self, depth: int) -> None:
        self.view.expandToDepth(depth)

    def visible_keys(self) -> list[Any]:
        """Keys of every row the filter lets through (depth first)."""
        model = self.view.model()
        keys: list[Any] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                keys.append(model.data(index, KEY_ROLE))
                stack.append(index)
        return keys

    def select_key(self, key: Any) -> bool:
        return self._select(key, emit=True)

    def _select(self, key: Any, emit: bool) -> bool:
        index = self.model.index_of(key)
        if self.filtered:
            index = self.proxy.mapFromSource(index)
        if not index.isValid():
            return False
        if not emit:
            self.view.selectionModel().blockSignals(True)
        self.view.setCurrentIndex(index)
        if not emit:
            self.view.selectionModel().blockSignals(False)
        self.view.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.activated.emit(current.data(KEY_ROLE))
