"""Re-reading a window while what it shows still moves (a batch runs, messages wait).

The Batches and Messages windows re-read their views every second or two while something
is under way, and only while they are visible: a hidden window reads nothing. One object
keeps that rule so each window only says when something moves (``moving``) and is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class Refresher(QObject):
    """Calls ``read`` every ``interval_ms`` while ``moving(True)`` was said last and
    ``window`` is visible; stops by itself when the window is hidden."""

    def __init__(self, window: QWidget, interval_ms: int, read: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.read = window, read
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def moving(self, active: bool) -> None:
        """What the last read showed: something under way (keep reading) or not."""
        if active and self.window.isVisible():
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()

    def shown(self, active: bool) -> None:
        """The window was shown again: read on if the last read showed movement."""
        if active:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        if self.window.isVisible():
            self.read()
        else:
            self.timer.stop()
