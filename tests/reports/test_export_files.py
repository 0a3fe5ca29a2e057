"""Exports are written whole or not at all: a real unwritable target (a path under a file, an
immutable folder, a read-only file system, a full disk) gets a ReportError naming the path
and leaves nothing behind; a writer that fails half-way leaves the old file untouched.

The immutable folder and the small file systems need root (chattr, mount): the test is
skipped with the reason where the machine does not allow them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.reports import ReportError
from app.reports.export import FORMATS, write_report
from tests.reports.sample_report import big, sample


def entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_path_under_a_file_is_refused_with_its_name(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "plain").write_text("not a folder")
    target = tmp_path / "plain" / f"r.{fmt}"
    with pytest.raises(ReportError, match="r\\." + fmt):
        write_report(sample(), fmt, target)
    assert entries(tmp_path) == ["plain"]


def test_a_missing_folder_and_a_folder_as_target(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="folder does not exist"):
        write_report(sample(), "csv", tmp_path / "nope" / "r.csv")
    with pytest.raises(ReportError, match="is a folder"):
        write_report(sample(), "csv", tmp_path)
    assert entries(tmp_path) == []


def test_a_writer_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"last month's report")
    broken = sample()
    broken.main.rows.append(("A栋", "999"))  # a row shorter than its columns: the writer fails
    with pytest.raises((IndexError, ValueError)):
        write_report(broken, "xlsx", target)
    assert target.read_bytes() == b"last month's report"
    assert entries(tmp_path) == ["r.xlsx"]  # no temporary file left


def test_the_new_file_replaces_the_old_and_is_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_bytes(b"old")
    write_report(sample(), "csv", target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert target.stat().st_mode & 0o044  # not the 0600 of a temporary file
    assert entries(tmp_path) == ["r.csv"]


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "locked"
    folder.mkdir()
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {done.stderr.decode().strip()}")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unwritable_folder_is_refused_and_left_empty(immutable: Path, fmt: str) -> None:
    target = immutable / f"r.{fmt}"
    with pytest.raises(ReportError) as caught:
        write_report(sample(), fmt, target)
    assert str(target) in str(caught.value) and "read-only" in str(caught.value)
    assert entries(immutable) == []


def mount_tmpfs(folder: Path, options: str) -> None:
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system: a 2,000-row report does not fit."""
    folder = tmp_path / "small"
    mount_tmpfs(folder, "size=64k")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    mount_tmpfs(folder, "ro,size=64k")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_disk_is_said_and_nothing_is_left(small_disk: Path, fmt: str) -> None:
    target = small_disk / f"r.{fmt}"
    with pytest.raises(ReportError) as caught:
        write_report(big(2000), fmt, target)
    assert "is full" in str(caught.value) and str(target) in str(caught.value)
    assert entries(small_disk) == []


def test_a_read_only_disk_is_refused(read_only_disk: Path) -> None:
    target = read_only_disk / "r.pdf"
    with pytest.raises(ReportError, match="read-only"):
        write_report(sample(), "pdf", target)
    assert entries(read_only_disk) == []
