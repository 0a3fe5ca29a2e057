"""Logs a support person can find: a rotating file per program, crash dumps, excepthooks.

``setup_logging`` runs once at the start of every ``wattdesk`` command and of the GUI:

- stderr keeps what it always showed (WARNING, DEBUG with ``-v``, the same format), so
  the CLI's output does not change; without a stderr (the windowed build) it is skipped;
- the log folder gets ``wattdesk-<name>.log`` (INFO, DEBUG with ``-v``): one file name
  per kind of program (``gui``, ``collector``, ``cli``), rolled over by day and at 5 MB,
  about a week kept (``logfile.RotatingLogFile``);
- ``wattdesk-<name>-crash.log`` receives faulthandler's dump of a hard crash;
- ``sys.excepthook`` / ``threading.excepthook`` log unhandled exceptions with their
  traceback (``hooks``), and the GUI adds a listener that opens the crash dialog.

The folder: ``WATTDESK_LOG_DIR``, else ``$WATTDESK_HOME/logs`` (tests and portable
installs stay contained), else platformdirs' user log folder. When it cannot be written,
one translated line says so on stderr and the program goes on logging to stderr only.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from platformdirs import user_log_path

from ..config import APP_NAME
from ..i18n import tr
from .hooks import (
    FILE_ONLY,
    CrashReport,
    add_crash_listener,
    enable_faulthandler,
    install_excepthooks,
    remove_crash_listener,
    report_exception,
    uninstall_excepthooks,
)
from .logfile import RotatingLogFile
from .report import app_version, crash_details, mask_url, versions

log = logging.getLogger(__name__)
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FILE_FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"


@dataclass(frozen=True)
class LogSetup:
    """Where this process logs (shown in Help → About and used by "Open log folder")."""

    folder: Path
    log_file: Path | None  # None when the folder cannot be written
    fault_file: Path | None
    problem: str | None  # why there is no log file, in the user's language


_current: LogSetup | None = None
_ours: list[logging.Handler] = []


def log_dir() -> Path:
    """The log folder (not created here)."""
    explicit = os.environ.get("WATTDESK_LOG_DIR")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("WATTDESK_HOME")
    if home:
        return Path(home) / "logs"
    return user_log_path(APP_NAME, appauthor=False)


def current() -> LogSetup:
    """The setup of this process (before ``setup_logging``: where it would log)."""
    return _current or LogSetup(log_dir(), None, None, None)


class _Stderr(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time (pytest swaps it; the windowed
    build has none) and skips records meant for the file only."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(lambda record: not getattr(record, FILE_ONLY, False))

    @property  # type: ignore[override]  # None in the windowed build, not a TextIO
    def stream(self) -> TextIO | None:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        return

    def emit(self, record: logging.LogRecord) -> None:
        if sys.stderr is not None:
            super().emit(record)


def setup_logging(
    verbose: bool = False, *, gui: bool, name: str | None = None, hooks: bool = True
) -> LogSetup:
    """Configure logging for this process (calling it again replaces the previous setup).

    ``name`` is the file's name part (default ``gui`` or ``cli``); ``hooks=False`` leaves
    the process-wide hooks and faulthandler alone (``main()`` called as a library, e.g.
    by the tests, must not take over pytest's own).
    """
    global _current
    _drop_handlers()
    root = logging.getLogger()
    stderr = _Stderr()
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter(FORMAT))
    _ours.append(stderr)
    root.addHandler(stderr)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not verbose:  # Alembic's two INFO lines on every database open are only noise
        _quiet_alembic()

    stem = f"wattdesk-{name or ('gui' if gui else 'cli')}"
    folder = log_dir()
    log_file, problem = _add_file(folder / f"{stem}.log", verbose)
    fault_file = None
    if hooks:
        header = f"--- pid {os.getpid()} started, WattDesk {app_version()}, {stem}"
        fault_file = enable_faulthandler(None if problem else folder / f"{stem}-crash.log", header)
        install_excepthooks()
        if gui:
            logging.captureWarnings(True)  # the windowed build has nowhere else to show them
    _current = LogSetup(folder, log_file, fault_file, problem)
    log.info(
        "WattDesk %s started (%s), pid %d, Python %s, argv %s",
        app_version(),
        stem,
        os.getpid(),
        sys.version.split()[0],
        [mask_url(arg) if "://" in arg else arg for arg in sys.argv[1:]],
    )
    return _current


class _AlembicChatter(logging.Filter):
    """Drops "Context impl SQLiteImpl." / "Will assume transactional DDL.": said on every
    database open, they push what a support person needs out of the file ("Running
    upgrade" stays)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("Context impl ", "Will assume "))


def _quiet_alembic() -> None:
    migration = logging.getLogger("alembic.runtime.migration")
    if not any(isinstance(f, _AlembicChatter) for f in migration.filters):
        migration.addFilter(_AlembicChatter())


def teardown_logging() -> None:
    """Undo ``setup_logging``: our handlers closed, the previous excepthooks back (tests,
    an embedding program). faulthandler stays on: its file closes with the process."""
    global _current
    _drop_handlers()
    uninstall_excepthooks()
    _current = None


def _drop_handlers() -> None:
    root = logging.getLogger()
    for handler in _ours:
        root.removeHandler(handler)
        handler.close()
    _ours.clear()


def _add_file(path: Path, verbose: bool) -> tuple[Path | None, str | None]:
    """The file handler on the root logger, or the reason it cannot be (said on stderr)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingLogFile(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = tr(
            "Cannot write the log folder {folder}: {reason}. Logging to the screen only.",
            folder=str(path.parent),
            reason=reason,
        )
        if sys.stderr is not None:
            sys.stderr.write(problem + "\n")
        return None, problem
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    _ours.append(handler)
    logging.getLogger().addHandler(handler)
    return path, None


__all__ = [
    "CrashReport",
    "LogSetup",
    "add_crash_listener",
    "app_version",
    "crash_details",
    "current",
    "install_excepthooks",
    "log_dir",
    "mask_url",
    "remove_crash_listener",
    "report_exception",
    "setup_logging",
    "teardown_logging",
    "uninstall_excepthooks",
    "versions",
]
