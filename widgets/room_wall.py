"""The room wall: a grid of room tiles (like the room monitor of the anchor products).

A tile shows a title (the room number), up to three short lines (tenant, balance, power)
and a state colour that fills its border and header band; badges are small dots in the
corner. The wall is a ``QListView`` in icon mode over ``TileModel`` with a painting
delegate, so only visible tiles cost anything: a building of 2,000 rooms scrolls as
smoothly as a floor of 20. ``TileModel.update_many`` changes tiles in place (one
``dataChanged`` per contiguous block) instead of rebuilding the wall.

The widget knows nothing of meters or money: the caller fills ``Tile`` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

TILE_ROLE = Qt.ItemDataRole.UserRole + 10
TILE_KEY_ROLE = Qt.ItemDataRole.UserRole + 11

Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class Tile:
    key: Any
    title: str
    lines: list[str] = field(default_factory=list)
    colour: str = "#4caf50"  # state colour: border and header band
    badges: tuple[str, ...] = ()
    tooltip: str = ""
    dim: bool = False  # vacant or unknown: drawn greyed


class TileModel(QAbstractListModel):
    """A flat list of tiles, updated in place."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tiles: list[Tile] = []
        self._row: dict[Any, int] = {}

    def set_tiles(self, tiles: Sequence[Tile]) -> None:
        self.beginResetModel()
        self._tiles = list(tiles)
        self._row = {t.key: i for i, t in enumerate(self._tiles)}
        self.endResetModel()

    def tile(self, key: Any) -> Tile | None:
        row = self._row.get(key)
        return None if row is None else self._tiles[row]

    def tiles(self) -> list[Tile]:
        return list(self._tiles)

    def keys(self) -> list[Any]:
        return [t.key for t in self._tiles]

    def update_many(self, tiles: Iterable[Tile]) -> int:
        """Replace the tiles with the same keys; unknown keys are ignored. Returns count."""
        rows: list[int] = []
        for tile in tiles:
            row = self._row.get(tile.key)
            if row is None:
                continue
            self._tiles[row] = tile
            rows.append(row)
        if not rows:
            return 0
        rows.sort()
        start = prev = rows[0]
        for row in [*rows[1:], None]:  # type: ignore[list-item]
            if row is not None and row == prev + 1:
                prev = row
                continue
            self.dataChanged.emit(self.index(start), self.index(prev))
            if row is not None:
                start = prev = row
        return len(rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tiles)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._tiles):
            return None
        tile = self._tiles[index.row()]
        if role == TILE_ROLE:
            return tile
        if role == TILE_KEY_ROLE:
            return tile.key
        if role == Qt.ItemDataRole.DisplayRole:
            return tile.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tile.tooltip or None
        return None


class TileDelegate(QStyledItemDelegate):
    """Paints one tile: header band in the state colour, title, lines, badges."""

    def __init__(self, size: QSize, parent: Any = None) -> None:
        super().__init__(parent)
        self.size = size

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        tile: Tile | None = index.data(TILE_ROLE)
        if tile is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect).adjusted(3, 3, -3, -3)
        colour = QColor("#9e9e9e" if tile.dim else tile.colour)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            QPen(palette.highlight().color() if selected else colour, 3 if selected else 1.5)
        )
        painter.setBrush(palette.base())
        painter.drawRoundedRect(rect, 6, 6)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        band = QRect(rect.left() + 1, rect.top() + 1, rect.width() - 2, metrics.height() + 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour.lighter(170) if not tile.dim else QColor("#eeeeee"))
        painter.drawRoundedRect(band, 5, 5)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.text().color())
        title_rect = band.adjusted(6, 0, -6, 0)
        title = QFontMetrics(bold).elidedText(
            tile.title, Qt.TextElideMode.ElideRight, title_rect.width() - 14 * len(tile.badges)
        )
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignVCenter), title)
        x = band.right() - 6
        for badge in reversed(tile.badges[:4]):
            painter.setBrush(QColor(badge))
            painter.setPen(QColor(badge).darker(130))
            painter.drawEllipse(x - 10, band.center().y() - 5, 10, 10)
            x -= 13
        painter.setFont(font)
        painter.setPen(palette.placeholderText().color() if tile.dim else palette.text().color())
        y = band.bottom() + 3
        for line in tile.lines[:3]:
            text_rect = QRect(rect.left() + 6, y, rect.width() - 12, metrics.height())
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(line, Qt.TextElideMode.ElideRight, text_rect.width()),
            )
            y += metrics.height() + 1
        painter.restore()


class RoomWall(QListView):
    """Grid of tiles; ``activated(key)`` on click or Enter, ``opened(key)`` on double click."""

    activated_key = Signal(object)
    opened = Signal(object)

    def __init__(self, model: TileModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = model
        self.setModel(model)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        metrics = QFontMetrics(self.font())
        size = QSize(max(150, metrics.horizontalAdvance("M") * 13), metrics.height() * 4 + 22)
        self.delegate = TileDelegate(size, self)
        self.setItemDelegate(self.delegate)
        self.setGridSize(size)
        self.clicked.connect(lambda index: self.activated_key.emit(index.data(TILE_KEY_ROLE)))
        self.doubleClicked.connect(lambda index: self.opened.emit(index.data(TILE_KEY_ROLE)))
        self.activated.connect(lambda index: self.opened.emit(index.data(TILE_KEY_ROLE)))

    def select_key(self, key: Any) -> bool:
        keys = self.tiles.keys()
        if key not in keys:
            return False
        index = self.tiles.index(keys.index(key))
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True
