"""Unhandled exceptions and hard crashes end up in the log folder.

- ``sys.excepthook`` and ``threading.excepthook`` log the full traceback to the log file
  (only there: the record is marked ``file_only`` so the stderr handler skips it), then
  call the hook that was there before — Python's own prints the traceback on stderr as
  it always did (and nothing when the windowed build has no stderr), a test runner's
  keeps collecting — and finally tell the listeners (the GUI's crash dialog).
- ``faulthandler`` writes a segfault's or an abort's Python stack into its own file,
  kept open for the whole run: faulthandler needs a real file descriptor at crash time,
  and the windowed build's ``sys.stderr`` is ``None``.

Listeners are called on the thread that failed; the GUI's listener only emits a queued
Qt signal, so the dialog opens on the GUI thread.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

log = logging.getLogger("app.crash")

FILE_ONLY = "wattdesk_file_only"  # LogRecord attribute: not for the stderr handler
FAULT_FILE_LIMIT = 1024 * 1024  # a crash file above this is set aside at start


@dataclass(frozen=True)
class CrashReport:
    """One unhandled exception, as the log and the crash dialog show it."""

    type_name: str
    message: str
    traceback: str  # the full formatted traceback
    thread: str
    when: float

    @property
    def summary(self) -> str:
        """``ValueError: bad value``, or just the type when the message is empty."""
        first = self.message.strip().splitlines()[0] if self.message.strip() else ""
        return f"{self.type_name}: {first}" if first else self.type_name

    @classmethod
    def from_exception(
        cls,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        thread: str,
    ) -> CrashReport:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        return cls(exc_type.__name__, str(exc or ""), text, thread, time.time())


Listener = Callable[[CrashReport], None]
_listeners: list[Listener] = []
_installed: dict[str, Any] = {}  # the hooks we replaced, while ours are in place
_fault_file: IO[str] | None = None


def add_crash_listener(listener: Listener) -> None:
    """Call ``listener(report)`` after each unhandled exception (on the failing thread)."""
    _listeners.append(listener)


def remove_crash_listener(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def report_exception(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    thread: str | None = None,
) -> CrashReport:
    """Log an unhandled exception to the file and tell the listeners."""
    name = thread or threading.current_thread().name
    report = CrashReport.from_exception(exc_type, exc, tb, name)
    log.critical(
        "unhandled exception in thread %s: %s",
        name,
        report.summary,
        exc_info=(exc_type, exc, tb) if exc is not None else None,
        extra={FILE_ONLY: True},
    )
    for listener in list(_listeners):
        try:
            listener(report)
        except Exception:  # a listener's bug must not hide the first error
            log.exception("crash listener %r failed", listener)
    return report


def _sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    previous = _installed.get("sys", sys.__excepthook__)
    if not issubclass(exc_type, KeyboardInterrupt):
        report_exception(exc_type, exc, tb)
    previous(exc_type, exc, tb)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    previous = _installed.get("threading", threading.__excepthook__)
    if not issubclass(args.exc_type, SystemExit):
        name = args.thread.name if args.thread is not None else None
        report_exception(args.exc_type, args.exc_value, args.exc_traceback, name)
    previous(args)


def install_excepthooks() -> None:
    """Put our hooks in front of the current ones (idempotent)."""
    if sys.excepthook is not _sys_hook:
        _installed["sys"] = sys.excepthook
        sys.excepthook = _sys_hook
    if threading.excepthook is not _thread_hook:
        _installed["threading"] = threading.excepthook
        threading.excepthook = _thread_hook


def uninstall_excepthooks() -> None:
    """Give the previous hooks back (tests, or an embedding program)."""
    if sys.excepthook is _sys_hook:
        sys.excepthook = _installed.pop("sys", sys.__excepthook__)
    if threading.excepthook is _thread_hook:
        threading.excepthook = _installed.pop("threading", threading.__excepthook__)


def enable_faulthandler(path: Path | None, header: str) -> Path | None:
    """Dump hard crashes into ``path`` (kept open); without a usable file, into stderr
    when there is a real one. Returns the file in use, or None."""
    global _fault_file
    if path is not None:
        try:
            _set_aside_if_large(path)
            stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open until exit
            stream.write(header + "\n")
            stream.flush()
            faulthandler.enable(file=stream, all_threads=True)
        except (OSError, ValueError, RuntimeError):
            path = None
        else:
            if _fault_file is not None and _fault_file is not stream:
                _fault_file.close()
            _fault_file = stream
            return path
    try:
        if sys.stderr is not None:
            faulthandler.enable(file=sys.stderr, all_threads=True)
    except (OSError, ValueError, RuntimeError, AttributeError):  # no fileno: no dump
        pass
    return None


def _set_aside_if_large(path: Path) -> None:
    try:
        if path.stat().st_size > FAULT_FILE_LIMIT:
            os.replace(path, path.with_name(path.stem + ".old" + path.suffix))
    except OSError:  # missing (fine) or open elsewhere (Windows): keep appending
        return
