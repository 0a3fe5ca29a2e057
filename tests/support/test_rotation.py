"""The log file rolls over by size and by day, keeps a bounded week, and shares its name
with other writers (other processes: here two handlers on one path, each its own file
object, which is what two processes are to the file system)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.support.logfile import RotatingLogFile

LINE = "x" * 90


@pytest.fixture
def handlers() -> Iterator[list[RotatingLogFile]]:
    made: list[RotatingLogFile] = []
    yield made
    for handler in made:
        handler.close()


def make(path: Path, made: list[RotatingLogFile], **kwargs: object) -> RotatingLogFile:
    handler = RotatingLogFile(path, **kwargs)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(message)s"))
    made.append(handler)
    return handler


def record(message: str, created: float | None = None) -> logging.LogRecord:
    rec = logging.makeLogRecord({"msg": message, "levelno": logging.INFO, "levelname": "INFO"})
    if created is not None:
        rec.created = created
    return rec


def test_size_rollover_keeps_a_bounded_number_of_files(
    tmp_path: Path, handlers: list[RotatingLogFile]
) -> None:
    path = tmp_path / "wattdesk-cli.log"
    handler = make(path, handlers, max_bytes=1000, max_backups=3)
    for n in range(200):
        handler.emit(record(f"{n:03d} {LINE}"))
    backups = handler.backups()
    assert len(backups) == 3  # 200 lines of 95 bytes made ~19 files: only 3 kept
    assert all(p.name.startswith("wattdesk-cli.") and p.suffix == ".log" for p in backups)
    assert all(p.stat().st_size <= 1000 + 100 for p in [path, *backups])
    assert path.read_text().splitlines()[-1].startswith("199 ")
    # the kept files are the newest, in order, without a gap
    kept = [line[:3] for p in reversed(backups) for line in p.read_text().splitlines()]
    kept += [line[:3] for line in path.read_text().splitlines()]
    assert kept == [f"{n:03d}" for n in range(200 - len(kept), 200)]


def test_a_new_day_starts_a_new_file_and_old_files_go(
    tmp_path: Path, handlers: list[RotatingLogFile]
) -> None:
    path = tmp_path / "wattdesk-gui.log"
    stale = tmp_path / "wattdesk-gui.2026-11-01_101010.log"
    stale.write_text("last month\n")
    old = time.time() - 8 * 86400
    os.utime(stale, (old, old))
    other = tmp_path / "wattdesk-collector.2026-11-01_101010.log"  # another name: not ours
    other.write_text("collector\n")
    os.utime(other, (old, old))
    handler = make(path, handlers)
    assert not stale.exists() and other.exists()  # pruned at start
    handler.emit(record("today"))
    handler.emit(record("tomorrow", created=time.time() + 86400))
    (yesterday,) = handler.backups()
    assert yesterday.read_text() == "today\n"
    assert path.read_text() == "tomorrow\n"


def test_yesterdays_file_is_rolled_over_at_start(
    tmp_path: Path, handlers: list[RotatingLogFile]
) -> None:
    path = tmp_path / "wattdesk-cli.log"
    path.write_text("from yesterday\n")
    then = time.time() - 86400
    os.utime(path, (then, then))
    handler = make(path, handlers)
    handler.emit(record("first of today"))
    (backup,) = handler.backups()
    assert backup.read_text() == "from yesterday\n"
    assert time.strftime("%Y-%m-%d", time.localtime(then)) in backup.name
    assert path.read_text() == "first of today\n"


def test_two_writers_of_one_name_never_roll_each_other_over(
    tmp_path: Path, handlers: list[RotatingLogFile]
) -> None:
    path = tmp_path / "wattdesk-cli.log"
    first = make(path, handlers, max_bytes=500, follow_every=0)
    second = make(path, handlers, max_bytes=500, follow_every=0)
    for n in range(40):
        (first if n % 2 else second).emit(record(f"{n:02d} {LINE}"))
    files = [path, *first.backups()]
    lines = sorted(line[:2] for p in files for line in p.read_text().splitlines())
    assert lines == [f"{n:02d}" for n in range(40)]  # nothing lost, nothing twice
    assert all(p.stat().st_size <= 500 + 200 for p in files)
    # each writer follows the path: both now append to the same, current file
    assert first._stream_identity() == second._stream_identity() == first._path_identity()


class Refused(RotatingLogFile):
    """A rollover whose rename fails, as on Windows while another process has the file open
    (root on Linux cannot be refused a rename in its own folder otherwise)."""

    attempts = 0

    def _backup_name(self) -> Path:
        self.attempts += 1
        return self.path.parent / "no-such-folder" / "target.log"


def test_a_refused_rename_keeps_writing_to_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wattdesk-cli.log"
    handler = Refused(path, max_bytes=300)
    handler.setFormatter(logging.Formatter("%(message)s"))
    try:
        for n in range(20):
            handler.emit(record(f"{n:02d} {LINE}"))
    finally:
        handler.close()
    assert [line[:2] for line in path.read_text().splitlines()] == [f"{n:02d}" for n in range(20)]
    assert handler.attempts == 1  # tried again only after a while, not on every line
    assert capsys.readouterr().err == ""  # no "--- Logging error ---" on the CLI's stderr
