"""A 24-hour band schedule as 48 half-hour cells: paint with the mouse, or set a range.

Time-of-use tariffs change band on the half hour in practice (local price bureaus publish
whole or half hours), so half-hour cells cover real schedules while staying big enough to
click. A cell may be empty: the editor must be able to say "10:00-12:00 has no band"
instead of silently guessing one. The widget knows nothing of tariffs or the database: it
takes band keys, labels and colours, and hands back ``(start minute, band)`` slots.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTime, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

CELLS = 48
CELL_MINUTES = 30


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


class _Strip(QWidget):
    """The 48 cells with hour marks; mouse press and drag paint, right button erases."""

    painted = Signal(int, bool)  # cell, erase

    def __init__(self, owner: DaySchedule) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setMinimumSize(QSize(CELLS * 12, 46))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(False)
        self._erase = False

    def sizeHint(self) -> QSize:
        return QSize(CELLS * 18, 50)

    def cell_rect(self, cell: int) -> QRect:
        width = self.width() / CELLS
        left = round(cell * width)
        return QRect(left, 0, round((cell + 1) * width) - left, 30)

    def cell_at(self, point: QPoint) -> int | None:
        if self.width() <= 0:
            return None
        cell = int(point.x() * CELLS / self.width())
        return cell if 0 <= cell < CELLS else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        grid = QPen(self.palette().mid().color())
        for cell, band in enumerate(self.owner.cells):
            rect = self.cell_rect(cell)
            if band is None:
                painter.fillRect(rect, self.palette().base())
                painter.setPen(QPen(QColor("#c62828")))
                painter.drawLine(rect.bottomLeft(), rect.topRight())  # hatched: not covered
            else:
                painter.fillRect(rect, self.owner.colours[band])
                if cell == 0 or self.owner.cells[cell - 1] != band:
                    painter.setPen(QPen(Qt.GlobalColor.black))
                    painter.drawText(
                        rect.adjusted(2, 0, 30, 0),
                        Qt.AlignmentFlag.AlignVCenter,
                        self.owner.short[band],
                    )
            painter.setPen(grid)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.setPen(self.palette().text().color())
        for hour in range(0, 25, 2):
            x = min(round(hour * 2 * self.width() / CELLS), self.width() - 1)
            painter.drawLine(x, 30, x, 34)
            label = f"{hour:02d}"
            align = Qt.AlignmentFlag.AlignHCenter
            left = max(0, min(x - 14, self.width() - 28))
            painter.drawText(QRect(left, 34, 28, 14), align, label)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._erase = event.button() == Qt.MouseButton.RightButton
        self._paint(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & (Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton):
            self._paint(event)

    def _paint(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not None:
            self.painted.emit(cell, self._erase)


class DaySchedule(QWidget):
    """Band per half hour of one day. ``changed`` after every edit."""

    changed = Signal()

    def __init__(
        self,
        bands: list[tuple[str, str, QColor]],
        texts: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        """``bands``: (key, label, colour); ``texts``: the few words of the controls
        (``brush``, ``erase``, ``from``, ``to``, ``set``), already translated by the caller."""
        super().__init__(parent)
        self.keys = [key for key, _, _ in bands]
        self.labels = {key: label for key, label, _ in bands}
        self.short = {key: label[:1] for key, label, _ in bands}
        self.colours = {key: colour for key, _, colour in bands}
        self.cells: list[str | None] = [None] * CELLS
        self.brush: str | None = self.keys[0]

        self.strip = _Strip(self)
        self.strip.painted.connect(self._paint_cell)
        palette = QHBoxLayout()
        palette.addWidget(QLabel(texts["brush"], self))
        self.brushes = QButtonGroup(self)
        for i, key in enumerate([*self.keys, ""]):
            label = self.labels[key] if key else texts["erase"]
            radio = QRadioButton(label, self)
            radio.setObjectName(f"brush-{key or 'erase'}")
            if key:
                radio.setStyleSheet(
                    f"QRadioButton {{ background: {self.colours[key].name()}; padding: 2px 6px; }}"
                )
            radio.setChecked(i == 0)
            self.brushes.addButton(radio, i)
            palette.addWidget(radio)
        self.brushes.idClicked.connect(self._choose_brush)
        palette.addStretch(1)

        ranges = QHBoxLayout()
        self.start = QTimeEdit(self)
        self.end = QTimeEdit(self)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.end.setTime(QTime(0, 0))
        self.band = QComboBox(self)
        for key in self.keys:
            self.band.addItem(self.labels[key], key)
        self.apply_button = QPushButton(texts["set"], self)
        self.apply_button.setAutoDefault(False)
        self.apply_button.clicked.connect(self._apply_range)
        ranges.addWidget(QLabel(texts["from"], self))
        ranges.addWidget(self.start)
        ranges.addWidget(QLabel(texts["to"], self))
        ranges.addWidget(self.end)
        ranges.addWidget(self.band)
        ranges.addWidget(self.apply_button)
        ranges.addStretch(1)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(palette)
        layout.addWidget(self.strip)
        layout.addLayout(ranges)
        layout.addWidget(self.summary)
        self._update()

    # -- editing -----------------------------------------------------------------------
    def _choose_brush(self, index: int) -> None:
        self.brush = self.keys[index] if index < len(self.keys) else None

    def _paint_cell(self, cell: int, erase: bool) -> None:
        band = None if erase else self.brush
        if self.cells[cell] != band:
            self.cells[cell] = band
            self._update()

    def _apply_range(self) -> None:
        start = self.start.time().hour() * 60 + self.start.time().minute()
        end = self.end.time().hour() * 60 + self.end.time().minute()
        self.fill(start, end or 24 * 60, self.band.currentData())

    def fill(self, start_minute: int, end_minute: int, band: str | None) -> None:
        """Set the cells from ``start_minute`` up to ``end_minute`` (24:00 = 1440; an end
        before the start wraps over midnight, e.g. 23:00-07:00)."""
        first = start_minute // CELL_MINUTES
        last = -(-end_minute // CELL_MINUTES)
        cells = range(first, last) if last > first else [*range(first, CELLS), *range(0, last)]
        for cell in cells:
            self.cells[cell % CELLS] = band
        self._update()

    def clear(self) -> None:
        self.cells = [None] * CELLS
        self._update()

    def set_slots(self, slots: list[tuple[int, str]]) -> bool:
        """Show a schedule given as sorted (start minute, band); False if a slot starts off
        the half hour (it is then rounded down and the caller should say so)."""
        exact = True
        self.cells = [None] * CELLS
        bounds = [*slots, (24 * 60, "")]
        for (start, band), (end, _) in itertools.pairwise(bounds):
            exact = exact and start % CELL_MINUTES == 0
            for cell in range(start // CELL_MINUTES, end // CELL_MINUTES):
                self.cells[cell] = band if band in self.colours else None
        self._update()
        return exact

    # -- reading -----------------------------------------------------------------------
    def slots(self) -> list[tuple[int, str | None]]:
        """Runs of equal cells as (start minute, band or None)."""
        runs: list[tuple[int, str | None]] = []
        for cell, band in enumerate(self.cells):
            if not runs or runs[-1][1] != band:
                runs.append((cell * CELL_MINUTES, band))
        return runs

    def gaps(self) -> list[tuple[int, int]]:
        """Uncovered time as (start, end) minutes."""
        runs = [*self.slots(), (24 * 60, "end")]
        return [(s, e) for (s, band), (e, _) in itertools.pairwise(runs) if band is None]

    def ranges_text(self) -> str:
        runs = [*self.slots(), (24 * 60, "end")]
        return ", ".join(
            f"{hhmm(s)}–{hhmm(e)} {self.labels.get(band, '?') if band else '—'}"
            for (s, band), (e, _) in itertools.pairwise(runs)
        )

    def _update(self) -> None:
        self.summary.setText(self.ranges_text())
        self.strip.update()
        self.changed.emit()
