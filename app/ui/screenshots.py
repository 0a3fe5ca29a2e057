"""Render the main windows to PNG for the user guide: ``python -m app.ui.screenshots DIR``.

Runs offscreen on a throw-away demo database (its audit key lives in memory only), in the
language of ``WATTDESK_LANG``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import keyring
import keyring.backend


class _ThrowAwayKeyring(keyring.backend.KeyringBackend):
    """The audit key of the temporary screenshot database, forgotten at exit."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(_ThrowAwayKeyring())
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.config import ui_language
    from app.db import open_database
    from app.demo import build_demo
    from app.security import Actor, Role, system_actor
    from app.ui.i18n import install_translators
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("WattDeskScreenshots")
    from app.ui.theme import ensure_chinese_font

    ensure_chinese_font()  # as the GUI does: a machine without a CJK font shows boxes
    lang = ui_language()
    keep = install_translators(app, lang)

    def wait(signal, ms: int = 20_000) -> None:  # type: ignore[no-untyped-def]
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/shot.sqlite")
        build_demo(db, rooms=480)
        window = MainWindow(db, Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1"))
        window.resize(1366, 800)
        window.show()
        window.reload()
        wait(window.tree_loaded)
        window.start_collector()  # the demo's simulated buses, live
        wait(window.collector_started)
        pause(app, 9000)
        window.park_tree.select_key(("floor", 1))
        window.park_tree.select_key(("building", 1))
        window.park_tree.view.expandToDepth(1)
        pause(app, 300)
        window.grab().save(str(out / f"main-window-{lang}.png"))
        _alarm_scene(db, window)  # a level-3 alarm and an offline storm: the banner
        pause(app, 3600)  # the banner's blinking is over: its steady colour
        window.alarms.grab().save(str(out / f"alarms-{lang}.png"))
        room_id = _seed_history(db, window)
        window.open_room(room_id)
        for _ in range(6):  # a few live points on the power chart
            window.detail.refresh()
            pause(app, 1000)
        window.grab().save(str(out / f"room-detail-{lang}.png"))
        settings = window.open_settings()
        settings.resize(1100, 640)
        wait(settings.links.loaded)
        settings.links.test(settings.links.rows[1].id)  # through the running collector
        wait(settings.links.tested)
        settings.grab().save(str(out / f"settings-links-{lang}.png"))
        settings.show_page(settings.park)
        settings.park.issuer.setText("星河物业管理有限公司")
        pause(app, 300)
        settings.grab().save(str(out / f"settings-park-{lang}.png"))
        settings.show_page(settings.alarms)
        pause(app, 300)
        settings.grab().save(str(out / f"settings-alarms-{lang}.png"))
        settings.show_page(settings.cuts)
        pause(app, 300)
        settings.grab().save(str(out / f"settings-cuts-{lang}.png"))
        settings.close()
        _tariff_shots(app, window, out, lang)
        diagnostics = window.open_diagnostics()
        pause(app, 2500)
        diagnostics.grab().save(str(out / f"diagnostics-{lang}.png"))
        diagnostics.links.selectRow(1)  # a bus of 32 meters
        diagnostics.tabs.setCurrentWidget(diagnostics.scan)
        diagnostics.scan.first.setText("1")
        diagnostics.scan.last.setText("40")
        if diagnostics.scan.start_scan():
            wait(diagnostics.scan.finished, 60_000)
        pause(app, 300)
        diagnostics.grab().save(str(out / f"diagnostics-scan-{lang}.png"))
        diagnostics.close()
        counter = window.open_cashier()
        counter.actor = system_actor(name="screenshot")
        counter.confirm_dialog = lambda _question: True
        counter.resize(1366, 760)
        wait(counter.rooms_loaded)
        room = next(r for r in counter.rooms if r.meter_id is not None)
        counter.search.setText(room.initials[:4] or room.number)
        counter._choose(room)
        wait(counter.room_shown)
        counter.amount.set_amount("200")
        counter.methods.button(3).setChecked(True)
        counter.confirm()
        wait(counter.recharged)
        app.processEvents()
        counter.grab().save(str(out / f"cashier-{lang}.png"))
        counter.close()
        window.close()
        db.dispose()
    first_start_shots(app, out, lang)
    del keep
    return 0


SHEET_HEADER = "楼栋,楼层,房间,面积,租户,租户类型,电表地址,链路,型号,计费方式"
SHEET_GOOD = [
    "1号厂房,1F,101,120.50,苏州星辰精密机械有限公司,企业,1,sim://A1-1,sim-prepaid-modbus,后台",
    "1号厂房,1F,102,85.50,苏州星辰精密机械有限公司,企业,2,sim://A1-1,sim-prepaid-modbus,后台",
    "1号厂房,2F,201,240.50,昆山华锐电子科技有限公司,企业,3,sim://A1-1,sim-prepaid-modbus,后台",
    "商业街1区,1F,101,36.50,蜀香川菜馆,商户,1,sim://S1-1,sim-prepaid-modbus,表端",
    "商业街1区,1F,102,24.50,一点点奶茶,商户,2,sim://S1-1,sim-prepaid-modbus,表端",
    "学生公寓1号楼,3F,301,18.50,信息学院2025级 301宿舍,宿舍,000000000301,sim://D1-1,"
    "sim-prepaid-dlt645,表端",
]
SHEET_BAD = [
    *SHEET_GOOD[:2],
    "1号厂房,2F,201,-3,昆山华锐电子科技有限公司,企业,2,sim://A1-1,sim-prepaid-modbus,后台",
    "商业街1区,,103,36.50,蜀香川菜馆,商户,1,sim://S1-1,dds-unknown,表端",
]


def first_start_shots(app, out: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The first-start panel on an empty database and the import preview of a good and a
    bad sheet (``first-start*-{lang}.png``)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from app.db import open_database
    from app.security import Actor, Role
    from app.ui.main_window import MainWindow

    def wait(signal, ms: int = 20_000) -> list[Any]:  # type: ignore[no-untyped-def]
        loop, got = QEventLoop(), list[Any]()

        def arrived(*args: Any) -> None:
            got.extend(args)
            loop.quit()

        signal.connect(arrived)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        return got

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/empty.sqlite")
        window = MainWindow(db, Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1"))
        window.resize(1280, 800)
        window.show()
        window.reload()
        wait(window.tree_loaded)
        pause(app, 300)
        window.grab().save(str(out / f"first-start-{lang}.png"))
        for name, rows in (("preview", SHEET_GOOD), ("errors", SHEET_BAD)):
            sheet = Path(tmp) / f"site-{name}.csv"
            sheet.write_text("\n".join([SHEET_HEADER, *rows]) + "\n", encoding="utf-8")
            window.first_start.check_file(sheet)
            (dialog,) = wait(window.first_start.preview_shown)
            dialog.resize(980, 420)
            pause(app, 300)
            dialog.grab().save(str(out / f"first-start-{name}-{lang}.png"))
            dialog.reject()
        window.close()
        db.dispose()


def pause(app, ms: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _alarm_scene(db, window) -> None:  # type: ignore[no-untyped-def]
    """What the alarms dock looks like when it matters: a room at the cut line and a bus
    whose meters dropped off (written as events, shown as the live feed would), filtered
    to the first building, alarms of level 2 and above, the banner up."""
    from PySide6.QtCore import Qt

    from app.livedata import recent_events
    from app.services.screenshot_scenes import write_alarm_scene

    write_alarm_scene(db)
    with db.read() as s:
        rows = recent_events(s, limit=13)
    window.resizeDocks([window.alarms], [330], Qt.Orientation.Vertical)
    window.alarms.notifier.sound = lambda: None
    window.alarms.add_events(rows)
    window.alarms.level.setCurrentIndex(2)  # level 2+
    window.alarms.building.setCurrentIndex(1)  # the first building


def _tariff_shots(app, window, out: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The tariff window on the time-of-use tariff, and its new-version editor."""
    tariffs = window.open_tariffs()
    tariffs.resize(1280, 720)
    pause(app, 1500)
    for row in range(tariffs.tariffs.rowCount()):
        tariffs.tariffs.selectRow(row)
        chosen = tariffs.selected()
        if chosen is not None and chosen.versions and chosen.versions[-1].version.is_tou:
            break
    pause(app, 300)
    tariffs.grab().save(str(out / f"tariffs-{lang}.png"))
    editor = tariffs.new_version()
    editor.resize(1000, 860)
    pause(app, 500)
    editor.grab().save(str(out / f"tariff-editor-{lang}.png"))
    editor.close()
    tariffs.close()


def _seed_history(db, window) -> int:  # type: ignore[no-untyped-def]
    """Two weeks of demo midnight freezes for one let office room (the throw-away demo
    database has no history yet), so the daily-energy chart shows what it looks like."""
    from app.services.screenshot_scenes import seed_daily_history

    return seed_daily_history(db, window.zone)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
