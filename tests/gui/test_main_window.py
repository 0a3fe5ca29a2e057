"""The first window opens offscreen on the demo park and shows it as a tree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QToolBar

from app.models import Role
from app.security import Actor
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.site_tree import METERS
from widgets.tree_model import KIND_ROLE


def open_window(qtbot, db) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, Actor(None, "cli:test", "测试员", Role.CASHIER, "desk-1"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=20_000) as blocker:
        window.reload()
    assert blocker.args == [300]
    return window


def test_tree_shows_the_demo_park(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_db)
    model = window.tree_model
    park = model.index(0, 0)
    assert model.data(park) == "星河智造产业园"
    buildings = [model.data(model.index(r, 0, park)) for r in range(model.rowCount(park))]
    assert "1号厂房" in buildings and any("学生公寓" in b for b in buildings)
    first_building = model.index(0, 0, park)
    floor = model.index(0, 0, first_building)
    room = model.index(0, 0, floor)
    assert model.data(room, KIND_ROLE) == "room"
    assert model.data(room) == "101"
    tenant = model.data(model.index(0, 1, floor))
    assert tenant and tenant != "(vacant)"
    assert "测试员" in window.status_operator.text() and "cashier" in window.status_operator.text()
    keys = window.park_tree.visible_keys()
    assert sum(1 for k in keys if k[0] == "room") == 300


def test_search_by_pinyin_initials_and_meter_address(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_db)
    room_node = next(
        n for n in window.tree_model.node_map().values() if n.kind == "room" and n.colour is None
    )
    initials = room_node.search.split()[2]  # number, tenant, initials, account, meters
    window.park_tree.apply_filter_now(initials)
    rooms = [k for k in window.park_tree.visible_keys() if k[0] == "room"]
    assert room_node.key in rooms and len(rooms) < 300
    dlt = next(
        n
        for n in window.tree_model.node_map().values()
        if n.kind == "room" and len(n.values[METERS]) == 12
    )
    window.park_tree.apply_filter_now(dlt.values[METERS])
    assert [k for k in window.park_tree.visible_keys() if k[0] == "room"] == [dlt.key]
    window.park_tree.apply_filter_now("no-such-tenant-anywhere")
    assert [k for k in window.park_tree.visible_keys() if k[0] == "room"] == []
    window.park_tree.apply_filter_now("")
    assert len([k for k in window.park_tree.visible_keys() if k[0] == "room"]) == 300


def test_selecting_a_room_shows_its_tenant(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_db)
    room = next(
        n for n in window.tree_model.node_map().values() if n.kind == "room" and n.colour is None
    )
    with qtbot.waitSignal(window.detail.shown, timeout=10_000):
        assert window.park_tree.select_key(room.key)
    assert window.centre.currentWidget() is window.detail
    assert room.values[1] in window.detail.tenant.text()


def test_batch_update_changes_rows_in_place(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_db)
    model = window.tree_model
    rooms = [n for n in model.node_map().values() if n.kind == "room"][:50]
    window.park_tree.view.expandAll()  # signals are skipped for rows not on screen
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        changed = model.update_many((n.key, {1: f"租户{i}"}, None) for i, n in enumerate(rooms))
    assert changed == 50
    assert model.data(model.index_of(rooms[7].key, 1)) == "租户7"
    assert model.rowCount(model.index(0, 0)) > 0  # the tree was not reset


def test_tree_in_chinese(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    app = QCoreApplication.instance()
    translators = install_translators(app, "zh_CN")
    assert translators, "the zh_CN translation did not load"
    try:
        window = open_window(qtbot, demo_db)
        assert window.windowTitle() == "WattDesk 预付费电能管理台"
        assert window.tree_model.headerData(1, _horizontal(), _display()) == "租户"
        park = window.tree_model.index(0, 1)
        assert window.tree_model.data(park) == "300 间"
        # every toolbar button reads Chinese (the batch and time-control buttons once lost
        # their translation when they moved out of MainWindow's own code)
        toolbar = window.findChild(QToolBar)
        texts = [a.text() for a in toolbar.actions() if a.text()]
        assert "批量任务…" in texts and "时间控制…" in texts, texts
        english = [t for t in texts if re.fullmatch(r"[A-Za-z .…()+0-9-]+", t.replace("&", ""))]
        assert not english, english
    finally:
        for t in translators:
            app.removeTranslator(t)


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _display():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.ItemDataRole.DisplayRole


VOID_SETTER = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label, item, timer = QLabel(), QStandardItem(), QTimer()
for i in range(50_000):
    label.setText("x")
    item.setData(i)
    timer.setInterval(i % 1000)
print("survived")
"""


@pytest.mark.slow
def test_void_qt_setters_do_not_kill_the_process(tmp_path: Path) -> None:
    """PySide6 6.12.0 on Python 3.11 dies with none_dealloc here (REFERENCE.md)."""
    result = subprocess.run(
        [sys.executable, "-c", VOID_SETTER], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


def test_daily_backup_is_taken_once_a_day(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_db)
    with qtbot.waitSignal(window.backup_finished, timeout=20_000) as first:
        window.backup_if_due()
    result = first.args[0]
    assert not isinstance(result, Exception), result
    assert result is not None and Path(result.path).exists()
    with qtbot.waitSignal(window.backup_finished, timeout=20_000) as second:
        window.backup_if_due()
    assert second.args[0] is None  # today's backup exists


def test_building_counts_stay_right_when_rows_turn_cut_or_offline(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    """Live colours (cut, offline) must not make a let room count as vacant."""
    window = open_window(qtbot, demo_db)
    building = window.tree_model.node(("building", 1))
    rooms = window._rooms_under(building)
    let = sum(1 for r in rooms if r.key[1] in window.let_rooms)
    assert 0 < let < len(rooms)
    window.tree_model.update_many((r.key, {}, "#c62828") for r in rooms)  # every row red (cut)
    window.park_tree.select_key(("building", 1))
    assert f"{let} let" in window.wall.summary.text()


def test_every_tool_is_in_the_windows_menu(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_db)
    toolbar = window.findChild(QToolBar, "MainToolbar")
    menu = window.findChild(QMenu, "WindowsMenu")
    tools = [a for a in toolbar.actions() if not a.isSeparator()]
    assert len(tools) >= 14 and menu.actions() == tools  # the same actions, one state
    reports = next(a for a in menu.actions() if a.objectName() == "OpenReports")
    reports.trigger()
    assert window.reports is not None and window.reports.isVisible()
    window.reports.close()
