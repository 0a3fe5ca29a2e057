"""The Reports window's chart (pyqtgraph), drawn from ``Report.series``.

The chart and the table come from the same figures (each kind fills ``series`` with
label -> values per bucket). How it is drawn depends on what people compare: income per
day or month as bars (several methods stacked), energy by band (尖峰平谷) as stacked bars,
a comparison (this year against last year) as one line per series. Bucket labels
(``2026-11-03``, ``2026-11``, ``2026``) are written in the interface's language on the
axis (11月3日 / Nov 3), as the room detail's charts write months and weekdays
(``app/ui/charts.py``). Imported on first use only: pyqtgraph stays out of the start-up.
"""

from __future__ import annotations

from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from app.config import ui_language

from .charts import MONTHS
from .labels import band_name

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")

Series = dict[str, list[tuple[str, Decimal]]]
COLOURS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#9e9d24")
BAND_COLOURS = {"尖": "#c62828", "峰": "#ef6c00", "平": "#1565c0", "谷": "#2e7d32"}
BAND_COLOURS |= {"sharp": "#c62828", "peak": "#ef6c00", "flat": "#1565c0", "valley": "#2e7d32"}
BAND_KEYS = frozenset({"sharp", "peak", "flat", "valley"})
LINE_KINDS = frozenset({"compare"})
MAX_TICKS = 16


def bucket_text(label: str, lang: str | None = None) -> str:
    """A bucket label as the axis shows it: ``2026-11`` reads 2026年11月 / Nov 2026, and the
    comparison's month of the year ``03`` reads 3月 / Mar."""
    lang = lang or ui_language()
    if len(label) == 2 and label.isdigit() and 1 <= int(label) <= 12:  # compare: "03", a month
        return f"{int(label)}月" if lang == "zh_CN" else MONTHS[int(label) - 1]
    parts = label.split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return label
    year = parts[0]
    if len(parts) == 1:
        return f"{year}年" if lang == "zh_CN" else year
    month = int(parts[1])
    if not 1 <= month <= 12:
        return label
    if len(parts) == 2:
        return f"{year}年{month}月" if lang == "zh_CN" else f"{MONTHS[month - 1]} {year}"
    day = int(parts[2])
    return f"{month}月{day}日" if lang == "zh_CN" else f"{MONTHS[month - 1]} {day}"


def style_for(kind: str, series: Series) -> str:
    """``lines`` for comparisons, ``stacked`` for several series, else ``bars``."""
    if kind in LINE_KINDS:
        return "lines"
    return "stacked" if len(series) > 1 else "bars"


def series_name(name: str) -> str:
    """A series as the legend shows it: a band key (``peak``) in words (峰 / Peak)."""
    return band_name(name) if name in BAND_KEYS else name


def colour(name: str, index: int) -> str:
    for word, value in BAND_COLOURS.items():
        if word in name:
            return value
    return COLOURS[index % len(COLOURS)]


class ReportChart(pg.PlotWidget):
    """Bars, stacked bars or lines over the report's buckets, with a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.showGrid(x=False, y=True, alpha=0.25)
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.legend = self.addLegend(offset=(8, 8))
        self.setMinimumHeight(160)
        self.style = ""
        self.labels: list[str] = []

    def show_series(self, kind: str, title: str, series: Series) -> None:
        """Draw ``series`` (label -> [(bucket label, value)]) the way ``kind`` is read."""
        self.clear()
        self.legend.clear()
        self.legend.setColumnCount(max(1, len(series)))  # one row: over the headroom
        self.setTitle(title)
        self.style = style_for(kind, series) if series else ""
        if self.style == "lines":  # this year and last year: months side by side
            self.labels = _line_labels(series)
        else:
            self.labels = _buckets(series)
        if not series or not self.labels:
            return
        if self.style == "lines":
            self._lines(series)
        else:
            self._bars(series, {label: i for i, label in enumerate(self.labels)})
        self._ticks()
        self.setXRange(-0.6, len(self.labels) - 0.4, padding=0)

    def _bars(self, series: Series, position: dict[str, int]) -> None:
        base = [0.0] * len(self.labels)
        width = 0.7 if len(self.labels) > 3 else 0.4  # two buildings: not two walls
        for i, (name, points) in enumerate(series.items()):
            xs = [position[label] for label, _ in points]
            heights = [float(value) for _, value in points]
            bottoms = [base[x] for x in xs]
            bar = pg.BarGraphItem(
                x=xs, height=heights, y0=bottoms, width=width, brush=colour(name, i), pen=None
            )
            self.addItem(bar)
            self.legend.addItem(bar, series_name(name))
            for x, height in zip(xs, heights, strict=True):
                base[x] += height
        top = max(1.0, max(base) * 1.25)  # room for the legend above the highest bar
        self.setYRange(min(0.0, min(base)), top, padding=0)

    def _lines(self, series: Series) -> None:
        """Series side by side by their month (March 2025 under March 2026, labels "03"
        or "2025-03"); a month a series lacks is a gap, not a zero."""
        position = {_month_key(label): i for i, label in enumerate(self.labels)}
        for i, (name, points) in enumerate(series.items()):
            xs = [position[_month_key(label)] for label, _ in points]
            ys = [float(value) for _, value in points]
            pen = pg.mkPen(colour(name, i), width=2)
            self.plot(xs, ys, pen=pen, symbol="o", symbolSize=6, symbolBrush=colour(name, i),
                      name=series_name(name))  # fmt: skip
        self.enableAutoRange(axis="y")

    def _ticks(self) -> None:
        step = max(1, -(-len(self.labels) // MAX_TICKS))
        ticks = [(i, bucket_text(label)) for i, label in enumerate(self.labels) if i % step == 0]
        self.getAxis("bottom").setTicks([ticks])

    def bar_count(self) -> int:
        """How many bar groups are drawn (tests look at the chart through this)."""
        return sum(
            len(item.opts.get("x", []))
            for item in self.getPlotItem().items
            if isinstance(item, pg.BarGraphItem)
        )

    def line_count(self) -> int:
        return sum(1 for item in self.getPlotItem().items if isinstance(item, pg.PlotDataItem))


def _month_key(label: str) -> str:
    """``2025-03`` and ``03`` are both March: the key lines are aligned by."""
    return label[-2:] if len(label) in (2, 7) and label[-2:].isdigit() else label


def _line_labels(series: Series) -> list[str]:
    """One label per month any series has, in month order, spelt as the first series
    that has it spells it (this year's "2026-03" over last year's "2025-03")."""
    labels: dict[str, str] = {}
    for points in series.values():
        for label, _ in points:
            labels.setdefault(_month_key(label), label)
    return [labels[key] for key in sorted(labels)]


def _buckets(series: Series) -> list[str]:
    """Every bucket label of every series, in first-seen order (dates sort as text)."""
    seen: dict[str, None] = {}
    for points in series.values():
        for label, _ in points:
            seen.setdefault(label, None)
    labels = list(seen)
    if all(label[:4].isdigit() for label in labels):
        labels.sort()
    return labels
