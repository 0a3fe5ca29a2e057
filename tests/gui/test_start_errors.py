"""The GUI's start (``app.gui.start_database``): a database it cannot use is said in a
message box, in the words of ``app.errors``, instead of a crash; a database file that does
not exist is created only when the user says yes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.db import Database
from app.gui import start_database


def _answer(seen: list[str], button: QMessageBox.StandardButton | None = None) -> None:
    """Read the next message box, then press ``button`` (or close it)."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, lambda: _answer(seen, button))
        return
    seen.append(box.text())
    if button is None:
        box.close()
    else:
        box.button(button).click()


def test_a_newer_database_is_said_in_a_box(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "desk.sqlite"
    made = start_database(f"sqlite:///{path}", interactive=False)
    assert isinstance(made, Database)
    made.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = path.read_bytes()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer(seen))
    assert start_database(f"sqlite:///{path}", interactive=True) == 3
    assert len(seen) == 1 and "newer WattDesk" in seen[0] and "Update WattDesk" in seen[0]
    assert path.read_bytes() == before


def test_a_text_file_is_said_in_a_box(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "notes.txt"
    text.write_text("hello\n", encoding="utf-8")
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer(seen))
    assert start_database(f"sqlite:///{text}", interactive=True) == 3
    assert seen and "not a WattDesk database" in seen[0] and str(text) in seen[0]
    assert text.read_text(encoding="utf-8") == "hello\n"


def test_a_missing_file_is_created_only_on_yes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "typo" / "desk.sqlite"
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer(seen, QMessageBox.StandardButton.No))
    assert start_database(f"sqlite:///{path}", interactive=True) == 0
    assert seen and f"There is no WattDesk database at {path}" in seen[0]
    assert not path.parent.exists()
    QTimer.singleShot(0, lambda: _answer(seen, QMessageBox.StandardButton.Yes))
    made = start_database(f"sqlite:///{path}", interactive=True)
    assert isinstance(made, Database) and path.exists()
    made.dispose()
