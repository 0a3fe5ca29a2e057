"""Files the operator saves (receipt PDFs, frame traces, shift reports, exports).

Every save dialog of the windows goes through :func:`save_path`: it opens in the folder
used last (remembered in QSettings), else in the user's Documents folder, never in the
program's own folder (where a cashier's receipts got lost among the program files).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

LAST_FOLDER = "files/last_folder"


def write_whole(path: str, data: bytes) -> None:
    """Write next to the target, then rename: the file appears whole or not at all (a
    reader, or a crash mid-write, never finds half a PDF or half a trace)."""
    partial = f"{path}.partial"
    with open(partial, "wb") as fh:
        fh.write(data)
    os.replace(partial, path)


def documents_folder() -> str:
    """The user's Documents folder (the home folder where a system has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found or str(Path.home())


def start_folder() -> str:
    """Where the next save dialog opens: the last folder saved to, if it still exists."""
    last = QSettings().value(LAST_FOLDER)
    if last and Path(str(last)).is_dir():
        return str(last)
    return documents_folder()


def remember_folder(path: str) -> None:
    settings = QSettings()
    settings.setValue(LAST_FOLDER, str(Path(path).parent))
    settings.sync()


def ask_save_path(parent: QWidget | None, title: str, name: str, filters: str) -> str:
    """The real dialog; tests replace :data:`dialog` with an answer."""
    path, _ = QFileDialog.getSaveFileName(parent, title, name, filters)
    return str(path)


dialog = ask_save_path


def save_path(parent: QWidget | None, title: str, name: str, filters: str) -> str:
    """Ask where to save ``name`` (opening in :func:`start_folder`); "" when cancelled.
    The folder chosen is remembered for the next save, in any window."""
    path = dialog(parent, title, str(Path(start_folder()) / name), filters)
    if path:
        remember_folder(path)
    return path
