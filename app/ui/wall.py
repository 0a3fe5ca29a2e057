"""The room wall page: a summary line, a colour legend and the tiles of the selected park,
building or floor. Tiles update in place from the live feed (only those on the wall)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.livedata import RoomLive
from widgets.room_wall import RoomWall, TileModel
from widgets.tree_model import TreeNode

from .labels import needs_manager_label
from .live import COLOURS
from .site_tree import tile_for

MAX_TILES = 5000  # a whole large park as tiles says nothing; the tree is for that
AGE_TICK_MS = 5000  # the tiles' "12 s ago" moves on even when no value changed


def legend() -> str:
    items = [
        (COLOURS["ok"], QCoreApplication.translate("Wall", "supplied")),
        (COLOURS["low1"], QCoreApplication.translate("Wall", "low balance")),
        (COLOURS["low2"], QCoreApplication.translate("Wall", "pre-trip")),
        (COLOURS["cut"], QCoreApplication.translate("Wall", "cut / cut-off line")),
        (COLOURS["offline"], QCoreApplication.translate("Wall", "offline")),
        (COLOURS["guaranteed"], QCoreApplication.translate("Wall", "guaranteed supply")),
        (COLOURS["pending"], QCoreApplication.translate("Wall", "recharge pending")),
        (COLOURS["vacant"], QCoreApplication.translate("Wall", "vacant")),
        (COLOURS["vacant_draw"], QCoreApplication.translate("Wall", "vacant, drawing power")),
        (COLOURS["needs_manager"], needs_manager_label()),
    ]
    return "&nbsp;&nbsp;".join(
        f'<span style="color:{c}">■</span>&nbsp;{label}' for c, label in items
    )


class WallPanel(QWidget):
    """``room_chosen(room_id)`` on a click, ``room_opened(room_id)`` on double click/Enter."""

    room_chosen = Signal(int)
    room_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("Summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.legend = QLabel(legend(), self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.tiles = TileModel(self)
        self.wall = RoomWall(self.tiles, self)
        self.wall.activated_key.connect(lambda key: self._emit(self.room_chosen, key))
        self.wall.opened.connect(lambda key: self._emit(self.room_opened, key))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.summary)
        layout.addWidget(self.legend)
        layout.addWidget(self.wall, 1)
        self.scope: Any = None
        self._shown: list[TreeNode] = []
        self._live: dict[int, RoomLive] = {}
        self.ages = QTimer(self)
        self.ages.setInterval(AGE_TICK_MS)
        self.ages.timeout.connect(self.refresh_ages)
        self.ages.start()

    def refresh_ages(self) -> int:
        """Redraw the shown tiles with their values' age now (only while visible)."""
        if not self.isVisible() or not self._shown:
            return 0
        live = self._live
        return self.tiles.update_many(
            [tile_for(n, live.get(n.key[1])) for n in self._shown if n.key[1] in live]
        )

    @staticmethod
    def _emit(signal: Any, key: Any) -> None:
        if isinstance(key, tuple) and key[0] == "room":
            signal.emit(key[1])

    def show_rooms(
        self, scope: Any, html: str, nodes: list[TreeNode], live: dict[int, RoomLive]
    ) -> None:
        """Tiles for ``nodes`` (room nodes in display order) with their live summaries."""
        self.scope = scope
        self.summary.setText(html)
        shown = nodes[:MAX_TILES]
        self._shown, self._live = shown, live
        self.tiles.set_tiles([tile_for(n, live.get(n.key[1])) for n in shown])
        self.wall.setVisible(bool(shown))

    def apply(self, rooms: dict[int, RoomLive], nodes: dict[Any, TreeNode]) -> int:
        """Live update of the tiles on the wall; returns how many changed."""
        tiles = []
        for room_id, live in rooms.items():
            key = ("room", room_id)
            if self.tiles.tile(key) is not None and key in nodes:
                tiles.append(tile_for(nodes[key], live))
        return self.tiles.update_many(tiles)
