"""The field package window (现场数据包) and the laptop's banner, over real SQLite files.

The administrator exports a building from the main window's "Field package…" (off the GUI
thread, the file written and described); on the package the laptop's main window says at a
glance that it is one; the laptop's cashier recharges (field series) and refunds (not
carried back: a conflict); back at the office the window checks the package, lists the
conflict with nothing applied, "Accept and merge" posts the recharge with an office receipt,
a second check says "already merged"; a changed package is refused with the service's
sentence; a cashier cannot open the window."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from sqlalchemy import func, select

from app.db import Database
from app.field.offline import package_links
from app.ledger.accounts import refund
from app.models import LedgerTxn, Room
from app.security import LoginFailed, login
from app.ui.field_package import FieldPackageDialog
from app.ui.main_window import MainWindow
from tests.clilogin import PASSWORD, add_staff
from tests.field.conftest import shared_keyring
from tests.gui.test_cashier import open_counter

__all__ = ["shared_keyring"]  # fixture

BUILDING = "1号厂房"
WAIT = 60_000


def _window(qtbot, db: Database, actor) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=WAIT):
        window.reload()
    return window


def _txns(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(LedgerTxn.id))) or 0)


def _export(qtbot, window: MainWindow, out: Path) -> FieldPackageDialog:  # type: ignore[no-untyped-def]
    dialog = window.open_field_package()
    assert isinstance(dialog, FieldPackageDialog)
    items = [dialog.building_list.item(i) for i in range(dialog.building_list.count())]
    [wanted] = [i for i in items if i.text().startswith(BUILDING)]
    wanted.setCheckState(Qt.CheckState.Checked)
    dialog.output.setText(str(out))
    dialog.operators.setText("cashier， operator")  # the auditor stays at the office
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = done.args[0].result
    assert out.is_file() and done.args[0].size_bytes == out.stat().st_size
    text = dialog.export_result.text()
    assert result.receipt_prefix in text and BUILDING in text and "merge" in text
    assert result.operators == 3 and "3 operators" in text  # and the exporting admin
    return dialog


def _on_the_laptop(qtbot, pkg: Path) -> str:  # type: ignore[no-untyped-def]
    """The laptop's window shows the package; its cashier recharges and refunds a room."""
    laptop = Database(f"sqlite:///{pkg}")
    try:
        with pytest.raises(LoginFailed):
            login(laptop, "auditor", PASSWORD)  # not allowed on site: no hash on the laptop
        cashier = login(laptop, "cashier", PASSWORD)
        window = _window(qtbot, laptop, cashier)
        qtbot.waitUntil(lambda: window.field_bar.isVisible(), timeout=WAIT)
        banner = window.field_banner.text()
        mark = window.field_mark
        assert banner.startswith(f"Field package {mark.short_id} — buildings {BUILDING}")
        assert "by admin" in banner and "bring it back to the office to merge" in banner
        assert mark.short_id in window.windowTitle()
        _ports(qtbot, window, laptop)
        window.close()
        with laptop.read() as s:
            room, account = s.execute(
                select(Room.id, Room.account_id).where(Room.account_id.is_not(None)).limit(1)
            ).one()
        counter = open_counter(qtbot, laptop, cashier)  # the cashier's counter on the laptop
        with qtbot.waitSignal(counter.room_shown, timeout=WAIT):
            assert counter.select_room(room)
        qtbot.keyClicks(counter.amount.edit, "12")
        with qtbot.waitSignal(counter.recharged, timeout=WAIT) as done:
            counter.confirm()
        taken = done.args[0]
        assert taken.receipt_number == f"{mark.receipt_prefix}00000001"  # the field series
        assert taken.receipt_number in counter.receipt_view.text()  # as printed
        counter.close()
        refund(laptop, cashier, account, "1.00", "cash", "tenant asked")
        return taken.receipt_number
    finally:
        laptop.dispose()


def _ports(qtbot, window: MainWindow, laptop: Database) -> None:  # type: ignore[no-untyped-def]
    """The banner's "Bus ports…": one bus onto the laptop's adapter, the others off (a
    cashier may look but not apply)."""
    action = window.findChild(QAction, "OpenFieldPorts")
    assert action is not None
    action.trigger()
    dialog = window.field_ports
    expected = len(package_links(laptop))
    assert expected >= 2
    qtbot.waitUntil(lambda: dialog.table.rowCount() == expected, timeout=WAIT)
    assert not dialog.apply_button.isEnabled()  # a cashier may not change buses
    dialog.actor = login(laptop, "operator", PASSWORD)
    first = dialog.table.item(0, 0).text()
    for row in range(dialog.table.rowCount()):
        check = Qt.CheckState.Checked if row == 0 else Qt.CheckState.Unchecked
        dialog.table.item(row, 0).setCheckState(check)
    dialog.table.item(0, 2).setText("/dev/ttyUSB0")
    with qtbot.waitSignal(dialog.applied, timeout=WAIT):
        dialog.apply()
    links = {link.name: link for link in package_links(laptop)}
    assert links[first].url == "/dev/ttyUSB0" and links[first].enabled
    assert [n for n, link in links.items() if link.enabled] == [first]
    assert "/dev/ttyUSB0" in dialog.result.text()


def _check(qtbot, dialog: FieldPackageDialog, path: Path):  # type: ignore[no-untyped-def]
    dialog.tabs.setCurrentIndex(1)
    dialog.package.setText(str(path))
    with qtbot.waitSignal(dialog.checked, timeout=WAIT) as done:
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    return done.args[0]


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_export_merge_with_a_conflict_then_again(
    qtbot, db: Database, db_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    add_staff(db_url)
    admin = login(db, "admin", PASSWORD)
    office = _window(qtbot, db, admin)
    pkg = tmp_path / "package.sqlite"
    dialog = _export(qtbot, office, pkg)
    field_receipt = _on_the_laptop(qtbot, pkg)
    changed = tmp_path / "changed.sqlite"
    shutil.copyfile(pkg, changed)

    before = _txns(db)
    outcome = _check(qtbot, dialog, pkg)
    assert outcome.status == "conflicts"
    assert dialog.conflicts.rowCount() == 1
    assert dialog.conflicts.item(0, 0).text() == "Not carried"
    assert "refund" in dialog.conflicts.item(0, 1).text()
    assert "1 conflict(s)" in dialog.check_result.text()
    assert "1 recharge(s) (¥12.00)" in dialog.check_result.text()
    assert _txns(db) == before  # nothing applied
    assert dialog.merge_button.isEnabled()

    asked: list[str] = []
    dialog.confirm_dialog = lambda q: asked.append(q) or False  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert asked and "1 conflict(s)" in asked[0] and _txns(db) == before
    dialog.confirm_dialog = lambda _q: True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.merged, timeout=WAIT) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged.args[0].status == "merged"
    [office_receipt] = merged.args[0].office_receipts
    assert office_receipt.startswith("R")
    assert f"{field_receipt} → {office_receipt}" in dialog.merge_result.text()
    assert _txns(db) == before + 1  # the field recharge, once; the refund stays out

    again = _check(qtbot, dialog, pkg)
    assert again.status == "already"
    assert "already merged" in dialog.check_result.text()
    assert not dialog.merge_button.isEnabled() and dialog.conflicts.rowCount() == 0

    with sqlite3.connect(changed) as conn:  # the building renamed after the export
        conn.execute("UPDATE building SET name = name || 'x'")
    conn.close()
    dialog.package.setText(str(changed))
    with qtbot.waitSignal(dialog.failed, timeout=WAIT) as failed:
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "was changed after it was exported" in failed.args[0]
    assert dialog.check_result.text() == failed.args[0]
    assert not dialog.merge_button.isEnabled()
    office.close()


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_a_cashier_cannot_open_it_and_an_office_has_no_banner(
    qtbot, db: Database, db_url: str
) -> None:  # type: ignore[no-untyped-def]
    add_staff(db_url)
    window = _window(qtbot, db, login(db, "cashier", PASSWORD))
    action = window.findChild(QAction, "OpenFieldPackage")
    assert action is not None and not action.isEnabled()
    assert "administrator" in action.toolTip()
    assert window.open_field_package() is None and window.field_dialog is None
    qtbot.waitUntil(lambda: window.worker.pool.activeThreadCount() == 0, timeout=WAIT)
    qtbot.wait(50)  # deliver the queued result of the package check
    assert not window.field_bar.isVisible()
    window.close()
