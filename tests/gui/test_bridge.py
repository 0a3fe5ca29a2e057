"""The worker bridge: a result whose window was closed and deleted while its read ran is
dropped, not delivered to a dead widget (CI saw "Internal C++ object (QLabel) already
deleted" from the settings dialog's payments page when three test workers shared 2 cores)."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.bridge import Worker


class Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(self)
        self.shown: list[str] = []

    def loaded(self, text: str) -> None:
        self.label.setText(text)  # raises on a deleted label
        self.shown.append(text)

    def failed(self, exc: Exception) -> None:
        self.label.setText(str(exc))


def test_a_result_for_a_deleted_window_is_dropped(qtbot: Any) -> None:
    worker = Worker()
    gate = threading.Event()
    done = threading.Event()

    def read() -> str:
        gate.wait(10)
        done.set()
        return "read"

    page = Page()
    worker.submit(read, page.loaded, page.failed)
    shiboken6.delete(page)  # the dialog closed and deleted while the read runs
    gate.set()
    assert worker.wait(10_000) and done.is_set()
    # the queued result arrives (finish forgets the relay); pytest-qt fails the test if the
    # callback raised in the event loop
    qtbot.waitUntil(lambda: not worker._relays, timeout=10_000)

    alive = Page()
    worker.submit(lambda: "again", alive.loaded, alive.failed)
    qtbot.waitUntil(lambda: alive.shown == ["again"], timeout=10_000)  # a live one still gets it
    alive.deleteLater()
