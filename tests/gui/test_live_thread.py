"""The window starts its collector on a worker thread and attaches the live feed there
(subscribed before the first batch). Round 1 of issue 20 saw Qt's warning "Timers cannot be
started from another thread" from that attach, and the feed's watch timer never ran. The
timer must start on the GUI thread, with no warning."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from app.collector import Collector
from app.db import Database
from app.ui.live import LiveFeed


@pytest.fixture
def qt_messages() -> Iterator[list[str]]:
    said: list[str] = []

    def handler(_kind: QtMsgType, _context: object, message: str) -> None:
        said.append(message)

    previous = qInstallMessageHandler(handler)
    yield said
    qInstallMessageHandler(previous)


def test_attaching_the_feed_on_a_worker_thread_starts_its_timer_on_the_gui_thread(
    qtbot,
    db: Database,
    qt_messages: list[str],  # type: ignore[no-untyped-def]
) -> None:
    feed = LiveFeed(db, ZoneInfo("Asia/Shanghai"))
    collector = Collector(db)
    attach = threading.Thread(target=feed.attach, args=(collector,))
    attach.start()
    attach.join(30)
    qtbot.waitUntil(feed._watch.isActive, timeout=10_000)
    assert not [m for m in qt_messages if "another thread" in m], qt_messages
    feed.detach()
    assert not feed._watch.isActive()
