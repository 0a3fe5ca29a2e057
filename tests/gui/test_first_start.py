"""First start on an empty database: the panel, the previewed site import, the demo park.

Real SQLite files, real CSV sheets written to tmp_path, the real core calls in the
window's worker pool; the collector the demo starts is the real in-process one.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from app.db import Database
from app.demo import DEMO_PARK
from app.models import AuditEntry, Link, Meter, Park, Role, Room
from app.security import Actor, create_first_admin
from app.ui.first_start import FirstStartPanel, ImportPreviewDialog
from app.ui.main_window import MainWindow

HEADER = ["building", "floor", "room", "area", "tenant", "meter_address", "link", "profile",
          "billing_mode"]  # fmt: skip
MODBUS = "sim-prepaid-modbus"
GOOD = [
    ["A栋", "1F", "101", "36.50", "星河科技有限公司", "1", "sim://A", MODBUS, "platform"],
    ["A栋", "1F", "102", "36.50", "星河科技有限公司", "2", "sim://A", MODBUS, "platform"],
    ["A栋", "2F", "201", "48", "蜀香川菜馆", "3", "sim://A", MODBUS, "meter"],
]
BAD = [
    ["A栋", "1F", "101", "36.50", "星河科技有限公司", "1", "sim://A", MODBUS, "platform"],
    ["A栋", "1F", "102", "36.50", "", "1", "sim://A", MODBUS, "platform"],
    ["A栋", "", "103", "-3", "", "999", "sim://A", "no-such-meter", "platform"],
]


def write_sheet(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def count(db: Database, column) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.count(column))) or 0)


@pytest.fixture
def admin(db: Database) -> Actor:
    return create_first_admin(db, "wang", "王晓梅", "correct horse battery", "desk-1")


def empty_window(qtbot, db: Database, actor: Actor) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=20_000) as blocker:
        window.reload()
    assert blocker.args == [0]
    return window


def preview_of(qtbot, panel: FirstStartPanel, sheet: Path) -> ImportPreviewDialog:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.preview_shown, timeout=20_000) as blocker:
        panel.check_file(sheet)
    dialog = blocker.args[0]
    assert isinstance(dialog, ImportPreviewDialog) and dialog.isVisible()
    return dialog


def test_the_panel_shows_on_an_empty_database(qtbot, db, admin) -> None:  # type: ignore[no-untyped-def]
    window = empty_window(qtbot, db, admin)
    panel = window.first_start
    assert isinstance(panel, FirstStartPanel)
    assert window.centre.currentWidget() is panel and panel.isVisible()
    assert panel.import_button.isEnabled() and panel.demo_button.isEnabled()
    assert panel.rooms.value() == 480  # the CLI's default
    assert not panel.role_note.isVisible()


def test_a_good_sheet_is_previewed_then_imported(qtbot, db, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = empty_window(qtbot, db, admin)
    panel = window.first_start
    dialog = preview_of(qtbot, panel, write_sheet(tmp_path / "site.csv", GOOD))
    assert "Rows in the sheet: 3. To create: 3, to update: 0, unchanged: 0." in dialog.counts.text()
    assert dialog.errors_view is None and dialog.rows_view is not None
    model = dialog.rows_view.model()
    assert model.rowCount() == 3
    assert [model.index(0, c).data() for c in (0, 3, 4, 5, 7, 8)] == [
        "2", "A栋", "1F", "101", "1", "sim://A"]  # fmt: skip
    assert count(db, Room.id) == 0  # the preview wrote nothing
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(window.tree_loaded, timeout=20_000) as loaded:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [3]
    with db.read() as s:
        assert sorted(s.scalars(select(Room.number))) == ["101", "102", "201"]
        assert s.scalar(select(func.count(Meter.id))) == 3
        assert s.scalar(select(Link.url)) == "sim://A"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "site.import")).one()
        assert entry.actor == "wang" and entry.target == "file:site.csv"
    qtbot.waitUntil(lambda: window.first_start is None)
    assert window.centre.currentWidget() is window.wall
    assert "Imported 3 rows: 3 created" in window.statusBar().currentMessage()
    # the window starts the collector for the new sim:// bus, as at start-up
    qtbot.waitUntil(lambda: window.collector is not None, timeout=20_000)


def test_a_sheet_with_errors_lists_them_and_writes_nothing(qtbot, db, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = empty_window(qtbot, db, admin)
    dialog = preview_of(qtbot, window.first_start, write_sheet(tmp_path / "bad.csv", BAD))
    assert not dialog.import_button.isEnabled()
    assert dialog.rows_view is None and dialog.errors_view is not None
    model = dialog.errors_view.model()
    errors = [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]
    assert ("3", "meter address", "meter address 1 on link sim://A already used in row 2") in errors
    assert ("4", "area", "area must not be negative, got -3") in errors
    assert ("4", "floor", "required value is missing") in errors
    assert ("4", "meter profile", "unknown meter profile 'no-such-meter'") in errors
    assert dialog.counts.text().startswith("Errors: 4. Nothing can be imported")
    dialog.reject()
    assert count(db, Room.id) == 0 and count(db, Park.id) == 0
    with db.read() as s:
        assert (
            s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "site.import"))
            == 0
        )
    assert window.first_start is not None and window.first_start.isVisible()


def test_a_file_of_the_wrong_type_gets_a_message(qtbot, db, admin, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    window = empty_window(qtbot, db, admin)
    panel = window.first_start
    notes = tmp_path / "site.txt"
    notes.write_text("not a sheet", encoding="utf-8")
    panel.check_file(notes)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown == ["unsupported file type '.txt': use .csv or .xlsx"]
    assert panel.preview is None and panel.import_button.isEnabled()


def test_the_demo_park_is_created_and_the_panel_goes(qtbot, db, admin) -> None:  # type: ignore[no-untyped-def]
    window = empty_window(qtbot, db, admin)
    panel = window.first_start
    panel.rooms.setValue(12)
    steps: list[int] = []
    panel._progress.step.connect(lambda done, _total: steps.append(done))
    with (
        qtbot.waitSignal(window.collector_started, timeout=30_000) as started,
        qtbot.waitSignal(window.tree_loaded, timeout=20_000) as loaded,
    ):
        qtbot.mouseClick(panel.demo_button, Qt.MouseButton.LeftButton)
        assert panel.progress_dialog is not None and panel.progress_dialog.isVisible()
    assert loaded.args == [12]
    assert started.args[0] is not None  # the demo's sim:// buses are polled
    assert steps and steps[-1] == 24 and steps == sorted(steps)
    assert count(db, Room.id) == 12
    with db.read() as s:
        assert s.scalar(select(Park.name)) == DEMO_PARK
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "demo.create")).one()
        assert entry.actor == "wang"
    qtbot.waitUntil(lambda: window.first_start is None)
    assert window.centre.currentWidget() is window.wall
    assert window.tree_model.rowCount() == 1


def test_a_cancelled_demo_writes_nothing(qtbot, db, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = empty_window(qtbot, db, admin)
    panel = window.first_start
    panel.rooms.setValue(200)
    steps: list[int] = []
    panel._progress.step.connect(lambda done, _total: steps.append(done))
    # another desk holds the write lock: the demo's rows are made, then it waits to write
    other = sqlite3.connect(tmp_path / "wattdesk.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        panel.create_demo()
        qtbot.waitUntil(lambda: bool(steps) and steps[-1] == 200, timeout=20_000)
        dialog = panel.progress_dialog
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        with qtbot.waitSignal(panel.demo_finished, timeout=30_000) as finished:
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
            other.execute("ROLLBACK")
    finally:
        other.close()
    assert finished.args == [None]
    assert count(db, Park.id) == 0 and count(db, Room.id) == 0 and count(db, Meter.id) == 0
    assert "nothing was written" in panel.status.text()
    assert window.first_start is panel and panel.demo_button.isEnabled()


@pytest.mark.parametrize("role", [Role.CASHIER, Role.OPERATOR])
def test_roles_that_may_not_see_disabled_buttons_and_the_core_refuses(  # type: ignore[no-untyped-def]
    qtbot, db, admin, role, tmp_path
) -> None:
    from app.demo import build_demo
    from app.security import PermissionDenied, add_operator, login
    from app.services.site import import_site

    add_operator(db, admin, "clerk", "小李", role, "another fine password")
    clerk = login(db, "clerk", "another fine password", "desk-2")
    window = empty_window(qtbot, db, clerk)
    panel = window.first_start
    assert not panel.demo_button.isEnabled() and panel.role_note.isVisible()
    assert panel.import_button.isEnabled() is (role is Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        build_demo(db, rooms=5, actor=clerk)
    if role is Role.CASHIER:
        with pytest.raises(PermissionDenied):
            import_site(db, write_sheet(tmp_path / "s.csv", GOOD), actor=clerk)
    assert count(db, Park.id) == 0
