"""Reports to files finance staff open: XLSX (openpyxl), CSV (UTF-8 with BOM), PDF (reportlab).

``write_report(report, fmt, target)`` is the one entry point (the window's export button and
``python -m app report --format``). A path is written whole or not at all: the bytes go to a
temporary file in the target's own folder (same disk, so the rename is atomic), which
``os.replace`` moves over the target only once the writer finished; on any failure the
temporary file is removed and the old target, if any, is untouched. What goes wrong with the
file (a read-only folder, a full disk, a folder that does not exist, a file another program
holds open) is a ``ReportError`` naming the path, in the user's language.

openpyxl and reportlab are imported by the writer that needs them, never here: the GUI's
start (tests/gui/test_lazy_start.py) and ``--help`` stay fast.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO, cast
from zoneinfo import ZoneInfo

from ...i18n import tr
from ..period import ReportError
from ..table import Report

FORMATS = ("xlsx", "csv", "pdf")
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".pdf": "pdf"}

Writer = Callable[[Report, BinaryIO, bool, ZoneInfo], None]


def format_for(path: Path) -> str | None:
    """The format a file name asks for by its extension (``.xlsx``, ``.csv``, ``.pdf``)."""
    return SUFFIXES.get(path.suffix.lower())


def write_report(
    report: Report,
    fmt: str,
    target: Path | BinaryIO | TextIO,
    *,
    per_group_sheets: bool = False,
    zone: ZoneInfo | None = None,
) -> None:
    """Write ``report`` as ``fmt`` (``xlsx``, ``csv`` or ``pdf``) to ``target``.

    ``target`` is a path (written atomically), a binary stream, or a text stream (CSV only,
    e.g. standard output: then without the byte-order mark, which only Excel wants).
    ``per_group_sheets``: XLSX writes one sheet per value of a table's group column (one per
    building), each with its own totals row. ``zone`` shows times (default: the period's).
    """
    if fmt not in FORMATS:
        raise ReportError(tr("Unknown export format {fmt!r}: use xlsx, csv or pdf.", fmt=fmt))
    zone = zone or report.period.zone
    if isinstance(target, str | Path):
        path = Path(target)
        write_atomically(path, lambda out: _writer(fmt)(report, out, per_group_sheets, zone))
        return
    if isinstance(target, io.TextIOBase) or hasattr(target, "encoding"):
        text = cast(TextIO, target)
        if fmt == "csv":
            from .csvfile import write_csv_text

            write_csv_text(report, text, zone)
            return
        buffer = getattr(text, "buffer", None)
        if buffer is None:
            raise ReportError(tr("A {fmt} file cannot be written to a text stream.", fmt=fmt))
        text.flush()
        _writer(fmt)(report, buffer, per_group_sheets, zone)
        buffer.flush()
        return
    _writer(fmt)(report, target, per_group_sheets, zone)


def _writer(fmt: str) -> Writer:
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        return write_xlsx
    if fmt == "csv":
        from .csvfile import write_csv

        return write_csv
    from .pdf import write_pdf

    return write_pdf


def write_atomically(path: Path, produce: Callable[[BinaryIO], None]) -> None:
    """Run ``produce`` on a temporary file beside ``path``, then rename it over ``path``.

    Nothing is left behind on any error (the temporary file is removed); ``OSError`` becomes
    a ``ReportError`` that names ``path`` and says what to do.
    """
    path = Path(path)
    if path.is_dir():
        raise ReportError(tr("{path} is a folder: give a file name to write.", path=path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        partial, handle = _create_beside(folder, path.name)
    except OSError as exc:
        raise _file_error(path, exc) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            produce(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        if isinstance(exc, OSError):
            raise _file_error(path, exc) from exc
        raise


def _create_beside(folder: Path, name: str) -> tuple[Path, int]:
    """A new hidden file ``.NAME.XXXXXXXX.partial`` in ``folder``, opened for writing, with
    the mode an ordinary document gets (0666 less the umask; ``mkstemp`` would make it 0600,
    and changing the umask to read it is not thread-safe)."""
    while True:
        partial = folder / f".{name}.{secrets.token_hex(4)}.partial"
        try:
            return partial, os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def _file_error(path: Path, exc: OSError) -> ReportError:
    """The sentence for a file that could not be written, naming it."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        text = tr(
            "The disk holding {path} is full: the report was not written. Free some space "
            "and try again.",
            path=path,
        )
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = tr(
            "Cannot write {path}: the file or its folder is read-only, or another program "
            "holds the file open. Nothing was written. Close the file or choose another "
            "folder.",
            path=path,
        )
    elif code in (errno.ENOENT, errno.ENOTDIR):
        text = tr("Cannot write {path}: its folder does not exist. Nothing was written.", path=path)
    else:
        text = tr(
            "Cannot write {path}: {reason}. Nothing was written.",
            path=path,
            reason=exc.strerror or exc,
        )
    return ReportError(text)


__all__ = ["FORMATS", "format_for", "write_atomically", "write_report"]
