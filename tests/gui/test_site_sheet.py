"""The site sheet window: the preview of every row, Apply only without errors, the write
off the GUI thread, and the tree that sees what was written."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt

from app.models import Role
from app.security import Actor
from app.sitesheet import EXPORT_COLUMNS
from app.ui.main_window import MainWindow
from app.ui.site_sheet import OUTCOME_ROLE, SiteSheetWindow

OPERATOR = Actor(None, "cli:test", "测试员", Role.OPERATOR, "desk-1")


def open_main(qtbot, db, actor: Actor = OPERATOR) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=30_000):
        window.reload()
    return window


def sheet_from_export(
    qtbot, sheets: SiteSheetWindow, tmp_path: Path, name: str
) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(sheets.exported, timeout=30_000) as done:
        sheets.export_to(tmp_path / name)
    assert done.args[0].rows == 300
    if name.endswith(".xlsx"):
        return []
    with (tmp_path / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        out.writeheader()
        out.writerows(rows)
    return path


def test_preview_apply_and_the_tree_sees_it(qtbot, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_main(qtbot, demo_db)
    menu_action = window.findChild(type(window.menuBar().actions()[0]), "SiteSheetAction")
    assert menu_action is not None and window.site_sheet is None  # made on first use
    menu_action.trigger()
    sheets = window.site_sheet
    assert isinstance(sheets, SiteSheetWindow) and sheets.isVisible()
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert sheets.folder == docs
    rows = sheet_from_export(qtbot, sheets, tmp_path, "site.csv")
    assert sheets.folder == str(tmp_path)  # remembered for the next dialog, and the next run
    second = SiteSheetWindow(demo_db, OPERATOR, window.worker)
    qtbot.addWidget(second)
    assert second.folder == str(tmp_path)
    new = dict(rows[0], room="9901", tenant="新租户", account="", meter_address="240")
    bad = dict(rows[1], room="9902", area="大", account="")
    bad.update(meter_address="", link="", protocol="", profile="", billing_mode="", role="")

    # a sheet with an error: shown by row and column, Apply disabled, nothing written
    with qtbot.waitSignal(sheets.previewed, timeout=30_000) as shown:
        sheets.preview_file(write(tmp_path / "bad.csv", [*rows, new, bad]))
    preview = shown.args[0]
    assert not preview.ok and sheets.model.rowCount() == 302
    assert not sheets.apply_button.isEnabled()
    sheets.errors_only.setChecked(True)
    assert sheets.proxy.rowCount() == 1
    last = sheets.proxy.columnCount() - 1
    assert sheets.proxy.index(0, 0).data() == "303"
    assert "area" in sheets.proxy.index(0, last).data()
    assert sheets.proxy.index(0, 0).data(OUTCOME_ROLE) == "error"
    assert sheets.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    sheets.table.selectRow(0)  # the row's errors in full under the table
    assert sheets.details.text().startswith("Row 303: area: ")
    sheets.errors_only.setChecked(False)

    # corrected: the new row is green, Apply writes (off the GUI thread), the tree reloads
    with qtbot.waitSignal(sheets.previewed, timeout=30_000) as shown:
        sheets.preview_file(write(tmp_path / "good.csv", [*rows, new]))
    assert shown.args[0].ok and sheets.apply_button.isEnabled()
    outcomes = [sheets.model.index(r, 0).data(OUTCOME_ROLE) for r in range(301)]
    assert outcomes.count("unchanged") == 300 and outcomes[300] == "new"
    assert "new room" in sheets.model.index(300, 1).data()
    with (
        qtbot.waitSignal(window.tree_loaded, timeout=30_000) as tree,
        qtbot.waitSignal(sheets.applied, timeout=30_000),
    ):
        sheets.apply_button.click()
    assert tree.args == [301]
    keys = [n for n in window.tree_model._by_key.values() if n.kind == "room"]
    assert any(n.values[0] == "9901" for n in keys)
    qtbot.waitUntil(lambda: sheets.preview is not None and sheets.model.rowCount() == 301)
    qtbot.waitUntil(lambda: not sheets.apply_button.isEnabled() or sheets.preview.ok)


def test_a_cashier_may_export_but_not_import(qtbot, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cashier = Actor(None, "cli:test", "收银员", Role.CASHIER, "desk-1")
    window = open_main(qtbot, demo_db, cashier)
    sheets = window.open_site_sheet()
    assert not sheets.open_button.isEnabled() and not sheets.apply_button.isEnabled()
    assert sheets.export_button.isEnabled() and sheets.role_note.text()
    sheet_from_export(qtbot, sheets, tmp_path, "site.xlsx")


def test_a_file_that_is_not_a_sheet_is_said_so(qtbot, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_main(qtbot, demo_db)
    sheets = window.open_site_sheet()
    junk = tmp_path / "photo.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" * 50)
    with qtbot.waitSignal(sheets.previewed, timeout=30_000) as shown:
        sheets.preview_file(junk)
    assert shown.args[0].file_issues and sheets.model.rowCount() == 0
    assert "file: photo.xlsx is not an Excel workbook" in sheets.summary.text()
    assert not sheets.apply_button.isEnabled() and sheets.open_button.isEnabled()
