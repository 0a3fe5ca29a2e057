"""The settings window driven like a user: each page saved and seen to take effect, bad
input refused with a named error, roles that may not change a page see it disabled (and
the service refuses them too), the link test against a real simulator pty."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication

from app.collector.config import load_rules
from app.ledger.recharge import RechargeRequest, receipt_data, recharge
from app.livedata import room_live
from app.models import Account, BillingMode, Role, Room
from app.receipts import render_pdf
from app.security import Actor, PermissionDenied, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.services.settings import AlarmLevels, save_alarm_levels
from app.ui.main_window import MainWindow
from app.ui.settings import SettingsDialog
from drivers.simulator import BusSimulator, SimClock
from tests.collector.conftest import make_site, sim_start
from tests.money.conftest import room_of
from tests.money.test_receipts import pdf_text

PASSWORD = "Settings-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def staff(demo_db) -> dict[str, Actor]:  # type: ignore[no-untyped-def]
    admin = create_first_admin(demo_db, "admin", "管理员", PASSWORD)
    people = {"admin": login(demo_db, "admin", PASSWORD)}
    for role in (Role.CASHIER, Role.OPERATOR):
        add_operator(demo_db, admin, role.value, role.value, role, PASSWORD)
        people[role.value] = login(demo_db, role.value, PASSWORD)
    return people


def open_settings(qtbot, db, actor, **kwargs) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(db, actor, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    with (
        qtbot.waitSignal(dialog.links.loaded, timeout=10_000),
        qtbot.waitSignal(dialog.park.loaded, timeout=10_000),
        qtbot.waitSignal(dialog.alarms.loaded, timeout=10_000),
        qtbot.waitSignal(dialog.cuts.loaded, timeout=10_000),
        qtbot.waitSignal(dialog.backup.loaded, timeout=10_000),
        qtbot.waitSignal(dialog.messages.loaded, timeout=10_000),
    ):
        dialog.start()
    return dialog


def test_opens_from_the_main_window_toolbar(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db, staff["admin"])
    qtbot.addWidget(window)
    action = next(a for a in window.findChildren(QAction) if a.text() == "Settings…")
    assert action.shortcut().toString() == "Ctrl+,"
    action.trigger()
    assert isinstance(window.settings, SettingsDialog) and window.settings.isVisible()
    qtbot.waitUntil(lambda: bool(window.settings.links.rows), timeout=10_000)  # demo buses
    window.settings.close()


def test_park_details_print_on_the_next_receipt(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    dialog = open_settings(qtbot, demo_db, staff["admin"])
    page = dialog.park
    page.name.setText("星河科创园")
    page.address.setText("苏州市星湖街 99 号")
    page.phone.setText("0512-1234 5678")
    page.issuer.setText("星河物业管理有限公司")
    page.footer.setText("请妥善保管本收据")
    preview = page.preview.text()
    assert "星河科创园" in preview and "星河物业管理有限公司" in preview  # live preview
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    room = room_of(demo_db, BillingMode.PLATFORM)
    result = recharge(
        demo_db, staff["cashier"], RechargeRequest("20", "cash", uuid.uuid4().hex, room_id=room.id)
    )
    with demo_db.read() as s:
        text = pdf_text(render_pdf(receipt_data(s, result.receipt_number), "roll80"))
    for expected in ("星河科创园", "星湖街 99 号", "星河物业管理有限公司", "请妥善保管本收据"):
        assert expected in text


def test_park_name_left_empty_is_refused_and_kept_in_the_form(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    dialog = open_settings(qtbot, demo_db, staff["admin"])
    page = dialog.park
    page.name.setText("")
    page.address.setText("新地址")
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.save_button.click()
    assert failed.args == ["park name: required value is missing"]
    assert page.status.text() == "park name: required value is missing"
    assert page.address.text() == "新地址"  # what was typed is still there


def test_alarm_levels_take_effect_in_the_live_rows(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    dialog = open_settings(qtbot, demo_db, staff["admin"])
    page = dialog.alarms
    assert page.level1.text() == "20.00"
    room = room_of(demo_db, BillingMode.PLATFORM)
    with demo_db.write() as s:
        s.get(Account, s.get(Room, room.id).account_id).balance_fen = 3000
    page.level1.setText("abc")
    with qtbot.waitSignal(page.failed, timeout=5000) as failed:
        page.save_button.click()
    assert failed.args == ["Level 1: 'abc' is not an amount of money"]
    page.level1.setText("4")  # below level 2 (5 yuan)
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.save_button.click()
    assert failed.args == ["level 1 must be above level 2"]
    page.level1.setText("50")
    page.level2.setText("10.5")
    page.cutoff.setText("1")
    page.restore.setText("2")
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    with demo_db.read() as s:
        rules = load_rules(s)
        level = room_live(s, ZoneInfo("Asia/Shanghai"), [room.id])[room.id].level
    assert (rules.alarm_1_fen, rules.alarm_2_fen, rules.cutoff_fen, rules.restore_fen) == (
        5000,
        1050,
        100,
        200,
    )
    assert level == 1  # 30 yuan is below the new level 1 of 50 yuan


@pytest.mark.parametrize("role", ["cashier", "operator"])
def test_roles_see_site_settings_disabled_and_explained(qtbot, demo_db, staff, role) -> None:  # type: ignore[no-untyped-def]
    actor = staff[role]
    dialog = open_settings(qtbot, demo_db, actor)
    for page in (dialog.park, dialog.alarms):
        assert not page.save_button.isEnabled()
        assert not page.role_note.isHidden()
        assert "may not" in page.role_note.text() and role in page.role_note.text()
        assert "may not" in page.save_button.toolTip()
    assert not dialog.park.name.isEnabled() and not dialog.alarms.level1.isEnabled()
    assert not dialog.backup.save_button.isEnabled() and not dialog.backup.now_button.isEnabled()
    # operators look after the buses; cashiers may not
    assert dialog.links.add_button.isEnabled() is (role == "operator")
    # the language and theme are this desk's own: anyone may change them
    assert dialog.language.save_button.isEnabled()
    with pytest.raises(PermissionDenied):  # and the service refuses what the UI disabled
        save_alarm_levels(demo_db, actor, AlarmLevels(5000, 1000, 0, 0))


@pytest.fixture
def dark_then_light(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    palette, style = QApplication.palette(), qapp.style().name()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_dark_theme_applies_at_once_and_is_remembered(
    qtbot, demo_db, staff, dark_then_light
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_settings(qtbot, demo_db, staff["cashier"])
    page = dialog.theme
    assert page.buttons["light"].isChecked()
    page.buttons["dark"].click()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert QSettings().value("ui/theme") == "dark"
    page.buttons["light"].click()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180
    assert QSettings().value("ui/theme") == "light"


def test_saved_language_is_used_at_the_next_start(qtbot, demo_db, staff, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.config import set_preferred_language, ui_language
    from app.gui import apply_workstation_preferences

    dialog = open_settings(qtbot, demo_db, staff["cashier"])
    page = dialog.language
    assert page.en.isChecked()
    page.zh.click()
    with qtbot.waitSignal(page.saved, timeout=1000):
        page.save_button.click()
    assert "next time" in page.status.text()
    assert QSettings().value("ui/language") == "zh_CN"
    app = QCoreApplication.instance()
    try:
        translators = apply_workstation_preferences(app)  # with WATTDESK_LANG=en: it wins
        assert ui_language() == "en"
        for t in translators:
            app.removeTranslator(t)
        monkeypatch.delenv("WATTDESK_LANG")
        translators = apply_workstation_preferences(app)  # the next start, no override
        assert ui_language() == "zh_CN"
        assert QCoreApplication.translate("MainWindow", "Settings…") == "设置…"
        window = MainWindow(demo_db, staff["cashier"])
        qtbot.addWidget(window)
        assert "电能" in window.windowTitle()
    finally:
        for t in translators:
            app.removeTranslator(t)
        set_preferred_language(None)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def test_backup_now_and_the_schedule_the_main_window_follows(
    qtbot, demo_db, staff, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db, staff["admin"])
    qtbot.addWidget(window)
    dialog = window.open_settings()
    page = dialog.backup
    qtbot.waitUntil(lambda: page.keep.value() == 14, timeout=10_000)
    page.daily.setChecked(False)
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    with qtbot.waitSignal(window.backup_finished, timeout=20_000) as blocker:
        window.backup_if_due()
    assert blocker.args == [None]  # schedule off: no automatic backup
    folder = tmp_path / "nightly"
    page.daily.setChecked(True)
    page.folder.setText(str(folder))
    page.keep.setValue(3)
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    with qtbot.waitSignal(window.backup_finished, timeout=20_000) as blocker:
        window.backup_if_due()
    assert blocker.args[0] is not None and Path(blocker.args[0].path).parent == folder
    with qtbot.waitSignal(page.backed_up, timeout=20_000) as done:
        page.now_button.click()
    assert Path(done.args[0].path).parent == folder
    assert str(folder) in page.status.text()
    assert len(list(folder.iterdir())) == 2
    dialog.close()


@pytest.fixture
def bus() -> Iterator[BusSimulator]:
    with BusSimulator(count=2, protocol="modbus", clock=SimClock(start=sim_start())) as sim:
        yield sim


def test_links_add_validate_and_test_on_a_simulator_pty(qtbot, db, bus) -> None:  # type: ignore[no-untyped-def]
    site = make_site(db, bus, {"1": BillingMode.METER})
    from app.security import system_actor

    dialog = open_settings(qtbot, db, system_actor(name="tech"))
    page = dialog.links
    assert [r.spec.url for r in page.rows] == [bus.path]
    with qtbot.waitSignal(page.tested, timeout=20_000) as tested:
        page.table.cellWidget(0, 7).click()
    assert tested.args[0].ok
    assert f"{bus.path} opened; meter 1 answered in" in page.status.text()

    editor = page.open_editor(None)
    editor.name.setText("Bus 2")
    editor.port.setText(bus.path)  # already used by "bus 1"
    with qtbot.waitSignal(page.failed, timeout=10_000):
        editor.save_button.click()
    assert f"the port {bus.path} is already used by link bus 1" in editor.error.text()
    editor.port.setText("/dev/ttyWATTDESK-NONE")
    editor.baud.setCurrentText("9601")
    with qtbot.waitSignal(page.failed, timeout=10_000):
        editor.save_button.click()
    assert "baud rate 9601 is not one RS-485 meters use" in editor.error.text()
    assert editor.isVisible() and editor.name.text() == "Bus 2"  # nothing typed is lost
    editor.baud.setCurrentText("2400")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        editor.save_button.click()
    assert not editor.isVisible()
    assert [r.spec.url for r in page.rows] == [bus.path, "/dev/ttyWATTDESK-NONE"]
    with qtbot.waitSignal(page.tested, timeout=20_000) as tested:
        page.table.cellWidget(1, 7).click()
    assert not tested.args[0].ok
    assert page.status.text() == "cannot open /dev/ttyWATTDESK-NONE: no such port on this computer"
    page.confirm = lambda _question: True
    page.table.selectRow(0)
    with qtbot.waitSignal(page.failed, timeout=10_000):
        page.remove_button.click()
    assert "cannot be removed; disable it instead" in page.status.text()
    assert [r.id for r in page.rows] == [site.link_id, page.rows[1].id]  # nothing removed


def test_link_test_goes_through_the_embedded_collector(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from app.demo import build_demo
    from app.security import system_actor
    from tests.gui.test_live import FAST

    build_demo(db, rooms=40)
    window = MainWindow(db, system_actor(name="tech"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.collector_started, timeout=20_000) as started:
        window.start_collector(FAST)
    collector = started.args[0]
    assert collector is not None
    dialog = window.open_settings()
    page = dialog.links
    qtbot.waitUntil(lambda: bool(page.rows), timeout=10_000)
    row = next(r for r in page.rows if r.id in collector.workers)
    polls = collector.workers[row.id].polls
    with qtbot.waitSignal(page.tested, timeout=30_000) as tested:
        page.table.cellWidget(page.rows.index(row), 7).click()
    check = tested.args[0]
    assert check.ok and check.via_collector, check.message
    assert "(through the running collector): meter" in page.status.text()
    assert collector.workers[row.id].polls > polls
    assert page.restart_button.isEnabled()
    with qtbot.waitSignal(window.collector_started, timeout=30_000) as restarted:
        page.restart_button.click()  # re-reads the links, same collector object
    assert restarted.args[0] is collector and collector.running
    assert row.id in collector.workers
    dialog.close()
    window.close()


def test_no_cut_rules_and_guaranteed_buildings_reach_the_automation(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    """What the page saves is what ``Rules`` (the relay automation) reads next sweep."""
    from datetime import date, datetime, time

    from PySide6.QtCore import Qt, QTime

    dialog = open_settings(qtbot, demo_db, staff["admin"])
    page = dialog.cuts
    dialog.show_page(page)
    assert page.buildings.count() >= 2 and not page.night.isChecked()
    page.night.setChecked(True)
    page.night_from.setTime(QTime(22, 30))
    page.night_until.setTime(QTime(7, 0))
    page.weekends.setChecked(True)
    page.holidays.setPlainText("2026-10-01，2026-10-02\n2027-01-01")
    page.buildings.item(1).setCheckState(Qt.CheckState.Checked)
    building_id = page.buildings.item(1).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    with demo_db.read() as s:
        rules = load_rules(s)
    assert (rules.no_cut_from, rules.no_cut_until) == (time(22, 30), time(7, 0))
    assert rules.no_cut_dates == frozenset({date(2026, 10, 1), date(2026, 10, 2), date(2027, 1, 1)})
    assert rules.guarantee_buildings == frozenset({building_id})
    assert rules.no_cut_now(datetime(2026, 11, 25, 23, 0)) == "no_cut.night"
    assert rules.no_cut_now(datetime(2026, 11, 28, 12, 0)) == "no_cut.weekend"
    assert rules.no_cut_now(datetime(2026, 11, 25, 12, 0)) is None
    # a bad date is named and nothing is written
    page.holidays.setPlainText("2026-10-01, 国庆")
    with qtbot.waitSignal(page.failed, timeout=5000) as failed:
        page.save_button.click()
    assert "国庆" in failed.args[0] and "holidays" in failed.args[0]
    with demo_db.read() as s:
        assert len(load_rules(s).no_cut_dates) == 3
    dialog.close()


def test_a_cashier_sees_the_no_cut_rules_read_only(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    from app.services.cut_rules import CutRules, save_cut_rules

    dialog = open_settings(qtbot, demo_db, staff["cashier"])
    page = dialog.cuts
    assert not page.save_button.isEnabled() and not page.night.isEnabled()
    assert page.role_note.isVisibleTo(page) and page.role_note.text()
    with pytest.raises(PermissionDenied):
        save_cut_rules(demo_db, staff["cashier"], CutRules(no_cut_weekends=True))
    dialog.close()
