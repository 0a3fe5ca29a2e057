"""A log file that rolls over by day and by size and keeps about a week.

Why not ``TimedRotatingFileHandler`` or ``RotatingFileHandler``: each rolls by one rule
only, and both assume they are the only writer. Here several processes may share a name
(two ``wattdesk`` commands at once, a command beside the collector), so the handler

- rolls over when the day changes or the file reaches ``max_bytes``, renaming the file to
  ``<stem>.<date>_<time>.log`` (the time of its last line; still ``.log``, so Notepad opens
  it on a support PC);
- notices when another process has already rolled the file over (the path no longer names
  the file it writes to) and simply reopens the path instead of renaming a stranger's file;
- survives a rename that fails (Windows refuses to rename a file another process has
  open): it keeps appending to the same file and tries again a little later;
- deletes rolled-over files older than ``keep_days`` and beyond ``max_backups``, so the
  folder stays bounded (about ``max_bytes × (max_backups + 1)`` per file name).

Nothing here writes to stderr on its own: a failing rename or delete is not worth a word
on the CLI's output, which tests compare.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import time
from logging.handlers import BaseRotatingHandler
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
KEEP_DAYS = 7
MAX_BACKUPS = 10
FOLLOW_EVERY = 2.0  # seconds between checks that another process rolled the file over
_RETRY_AFTER = 60.0  # seconds before a failed rename is tried again


def _day_of(timestamp: float) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp).date()


class RotatingLogFile(BaseRotatingHandler):
    """``path`` rolled over by day and size, shared safely with other processes."""

    def __init__(
        self,
        path: Path,
        *,
        max_bytes: int = MAX_BYTES,
        keep_days: int = KEEP_DAYS,
        max_backups: int = MAX_BACKUPS,
        follow_every: float = FOLLOW_EVERY,
    ) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.keep_days = keep_days
        self.max_backups = max_backups
        self.follow_every = follow_every
        super().__init__(str(self.path), mode="a", encoding="utf-8", delay=False)
        self._day = self._content_day()
        self._next_follow = 0.0
        self._retry_at = 0.0
        self.prune()

    # --- BaseRotatingHandler's two questions ------------------------------------------------

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        """True when the record belongs to a new day or the file is full (and a previous
        failed rename is not being waited out)."""
        if self.stream is None:
            self.stream = self._open()
        self._follow()
        if time.monotonic() < self._retry_at:
            return False
        if _day_of(record.created) > self._day:
            return True
        return self.stream.tell() >= self.max_bytes

    def doRollover(self) -> None:
        """Rename the full (or yesterday's) file and start a new one; never raises."""
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        if self._path_is_ours_to_roll():
            try:
                os.rename(self.path, self._backup_name())
            except OSError:  # another process has it open (Windows): try again later
                self._retry_at = time.monotonic() + _RETRY_AFTER
        self.stream = self._open()
        self._day = self._content_day()
        self._identity = self._stream_identity()
        self.prune()

    # --- keeping the folder bounded ---------------------------------------------------------

    def backups(self) -> list[Path]:
        """The rolled-over files of this name, newest first."""
        found = self.path.parent.glob(f"{self.path.stem}.*{self.path.suffix}")
        return sorted(found, key=_mtime, reverse=True)

    def prune(self) -> None:
        """Delete rolled-over files that are too old or too many (errors ignored: a file
        another process still reads is deleted next time)."""
        cutoff = time.time() - self.keep_days * 86400
        for index, old in enumerate(self.backups()):
            if index >= self.max_backups or _mtime(old) < cutoff:
                try:
                    old.unlink()
                except OSError:
                    continue

    # --- internals --------------------------------------------------------------------------

    def _open(self) -> io.TextIOWrapper:
        stream = super()._open()
        self._identity = os.fstat(stream.fileno())[1:3]  # (inode, device)
        return stream

    def _stream_identity(self) -> tuple[int, int] | None:
        return None if self.stream is None else os.fstat(self.stream.fileno())[1:3]

    def _path_identity(self) -> tuple[int, int] | None:
        try:
            return os.stat(self.path)[1:3]
        except OSError:
            return None

    def _path_is_ours_to_roll(self) -> bool:
        """The path still names the file this process wrote (else someone rolled it)."""
        return self._path_identity() == self._identity

    def _follow(self) -> None:
        """Reopen the path when another process rolled it over (checked every few seconds)."""
        now = time.monotonic()
        if now < self._next_follow:
            return
        self._next_follow = now + self.follow_every
        if self._path_identity() != self._identity:
            if self.stream is not None:
                self.stream.close()
            self.stream = self._open()
            self._day = self._content_day()

    def _content_day(self) -> dt.date:
        """The day of the file's last line (today for an empty or new file)."""
        try:
            info = os.stat(self.path)
        except OSError:
            return dt.date.today()
        return _day_of(info.st_mtime) if info.st_size else dt.date.today()

    def _backup_name(self) -> Path:
        stamp = dt.datetime.fromtimestamp(_mtime(self.path)).strftime("%Y-%m-%d_%H%M%S")
        candidate = self.path.with_name(f"{self.path.stem}.{stamp}{self.path.suffix}")
        counter = 1
        while candidate.exists():
            candidate = self.path.with_name(f"{self.path.stem}.{stamp}-{counter}{self.path.suffix}")
            counter += 1
        return candidate


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()
