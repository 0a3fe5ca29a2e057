"""The room detail's two charts (pyqtgraph): power (live) and daily energy (history).

Power: the meters' instantaneous power as it arrives from the collector (a live line),
over the average power of each interval reading of today (a step line: what the meter
actually counted). Daily energy: one bar per day from the midnight freezes, today's bar so
far last. Time axes are in park time (the collector's time zone, as events and receipts),
not the computer's: pyqtgraph's date axis took the system zone, UTC on a server-set desk.
Ranges follow the data with a sensible floor so a room drawing 40 W does not look like it
draws a megawatt.
"""

from __future__ import annotations

import time
from collections import deque
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.config import ui_language

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")

LIVE_POINTS = 720  # one hour at 5 s


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = {"Mon": "周一", "Tue": "周二", "Wed": "周三", "Thu": "周四", "Fri": "周五"}
WEEKDAYS |= {"Sat": "周六", "Sun": "周日"}


def chinese_tick(text: str) -> str:
    """pyqtgraph writes months and weekdays with ``strftime`` in the C locale ("Dec",
    "Mon 03"): on a Chinese screen they read 12月 and 周一 03."""
    words = []
    for word in text.split(" "):
        if word in MONTHS:
            word = f"{MONTHS.index(word) + 1}月"
        words.append(WEEKDAYS.get(word, word))
    return " ".join(words)


class ParkDateAxis(pg.DateAxisItem):
    """A date axis in the park's time zone and the interface's language."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        strings = super().tickStrings(values, scale, spacing)
        if ui_language() != "zh_CN":
            return strings
        return [chinese_tick(text) for text in strings]


def park_axis(zone: ZoneInfo | None) -> pg.DateAxisItem:
    """A date axis labelled in ``zone`` (pyqtgraph's ``utcOffset`` is seconds west of UTC;
    None keeps the computer's zone)."""
    if zone is None:
        return ParkDateAxis(orientation="bottom")
    offset = datetime.now(zone).utcoffset()
    west = -int(offset.total_seconds()) if offset is not None else 0
    return ParkDateAxis(orientation="bottom", utcOffset=west)


class PowerChart(pg.PlotWidget):
    """Live power of a room (W) with a local-time axis."""

    def __init__(self, parent: QWidget | None = None, zone: ZoneInfo | None = None) -> None:
        super().__init__(parent, axisItems={"bottom": park_axis(zone)})
        self.setTitle(QCoreApplication.translate("Charts", "Power (W)"))
        self.showGrid(x=True, y=True, alpha=0.25)
        self.setMouseEnabled(x=True, y=False)
        self.addLegend(offset=(8, 8))
        self.intervals = self.plot(
            [],
            [],
            pen=pg.mkPen("#90a4ae", width=2),
            name=QCoreApplication.translate("Charts", "interval average"),
        )
        self.live = self.plot(
            [],
            [],
            pen=pg.mkPen("#1565c0", width=2),
            symbol="o",
            symbolSize=4,
            symbolBrush="#1565c0",
            name=QCoreApplication.translate("Charts", "live"),
        )
        self._x: deque[float] = deque(maxlen=LIVE_POINTS)
        self._y: deque[float] = deque(maxlen=LIVE_POINTS)
        self.setMinimumHeight(160)
        self._empty_range()

    def _empty_range(self) -> None:
        """No data yet: show the last hour (an empty time axis otherwise reads 00.250...)."""
        now = time.time()
        self.setXRange(now - 3600, now, padding=0)
        self.setYRange(0, 100, padding=0)

    def clear_live(self) -> None:
        self._x.clear()
        self._y.clear()
        self.live.setData([], [])
        self._empty_range()

    def add_point(self, watts: float, at: float | None = None) -> None:
        self._x.append(at if at is not None else time.time())
        self._y.append(watts)
        self.live.setData(list(self._x), list(self._y))
        self._fit()

    def set_intervals(self, points: list[tuple[datetime, float]]) -> None:
        """Average power per interval, drawn as flat steps from the slot start to its end."""
        xs: list[float] = []
        ys: list[float] = []
        previous: float | None = None
        for end, watts in points:
            stop = end.timestamp()
            start = previous if previous is not None and stop - previous <= 3600 else stop - 900
            xs += [start, stop]
            ys += [watts, watts]
            previous = stop
        self.intervals.setData(xs, ys)
        self._fit()

    def _fit(self) -> None:
        ys = list(self._y)
        _, interval_y = self.intervals.getData()
        if interval_y is not None:
            ys.extend(float(v) for v in interval_y)
        top = max(ys, default=0.0)
        self.setYRange(0, max(100.0, top * 1.15), padding=0)

    def point_count(self) -> int:
        return len(self._x)


class DailyChart(pg.PlotWidget):
    """Energy per day (kWh), bars, local dates on the axis."""

    def __init__(self, parent: QWidget | None = None, zone: ZoneInfo | None = None) -> None:
        super().__init__(parent, axisItems={"bottom": park_axis(zone)})
        self.zone = zone
        self.setTitle(QCoreApplication.translate("Charts", "Energy per day (kWh)"))
        self.showGrid(x=False, y=True, alpha=0.25)
        self.setMouseEnabled(x=False, y=False)
        self.bars: pg.BarGraphItem | None = None
        self.setMinimumHeight(160)
        self.days: list[tuple[date, Decimal]] = []
        self._empty_range()

    def _empty_range(self) -> None:
        """No history yet: the last two weeks, so the axis shows dates, not fractions."""
        today = datetime.now(self.zone).date()
        noon = self._noon(today)
        self.setXRange(noon - 14 * 86400, noon + 86400, padding=0)
        self.setYRange(0, 1, padding=0)

    def _noon(self, day: date) -> float:
        """The bar of a park-time day stands at that day's noon, park time."""
        return datetime(day.year, day.month, day.day, 12, tzinfo=self.zone).timestamp()

    def set_days(self, days: list[tuple[date, Decimal]]) -> None:
        self.days = days
        if self.bars is not None:
            self.removeItem(self.bars)
            self.bars = None
        if not days:
            self._empty_range()
            return
        xs = [self._noon(d) for d, _ in days]
        ys = [float(v) for _, v in days]
        self.bars = pg.BarGraphItem(x=xs, height=ys, width=86400 * 0.7, brush="#66bb6a")
        self.addItem(self.bars)
        self.setXRange(min(xs) - 86400, max(xs) + 86400, padding=0)
        self.setYRange(0, max(1.0, max(ys) * 1.15), padding=0)
