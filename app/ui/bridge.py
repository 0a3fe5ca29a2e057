"""Runs core work off the GUI thread and brings the result back as a Qt signal.

The core stays Qt-free: a plain function runs in a worker thread; its return value (or
exception) is delivered to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            log.exception("background job failed")
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


def _alive(callback: Callable[..., Any]) -> bool:
    """False when ``callback`` is a method of a Qt object already deleted: a window closed
    while its read was running (the result has nowhere to go; calling it raised "Internal
    C++ object already deleted" in the event loop)."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class Worker(QObject):
    """Owns a small thread pool for reads, reports and other slow work."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()
        # the jobs too, until their result is delivered: a QRunnable handed to the pool with
        # only C++ holding it could have its Python wrapper garbage-collected on the GUI
        # thread while its run() was still going in the worker (a segfault in "Garbage-
        # collecting" during a long first-start demo build)
        self._jobs: set[_Job] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = _Relay()  # lives in the GUI thread, so its signals are queued to it
        job = _Job(fn, relay)
        job.setAutoDelete(False)  # Python owns it (self._jobs), never the pool
        self._relays.add(relay)
        self._jobs.add(job)

        def finish(result: Any) -> None:
            self._relays.discard(relay)
            self._jobs.discard(job)
            if _alive(on_done):
                on_done(result)

        def fail(exc: Exception) -> None:
            self._relays.discard(relay)
            self._jobs.discard(job)
            if on_error is not None and _alive(on_error):
                on_error(exc)

        relay.done.connect(finish)
        relay.failed.connect(fail)
        self.pool.start(job)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)
