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


def _throw_away_home() -> None:
    """Settings, logs and any keystore in a temporary folder: the user's own (a keystore
    file there wins over the keyring) must neither stop nor change the pictures."""
    os.environ.setdefault("WATTDESK_HOME", tempfile.mkdtemp(prefix="wattdesk-shots-"))


def standalone(argv: list[str], shots: Any) -> int:
    """Run one window's ``shots(app, out, lang, suffix)`` on its own (the windows' shot
    modules' ``python -m``): a throw-away home and keyring, the UI language's translators,
    and ``-150`` in the names when QT_SCALE_FACTOR is 1.5."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.config import ui_language
    from app.ui.i18n import install_translators
    from app.ui.theme import ensure_chinese_font

    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _throw_away_home()
    keyring.set_keyring(_ThrowAwayKeyring())
    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("WattDeskScreenshots")
    ensure_chinese_font()
    lang = ui_language()
    keep = install_translators(app, lang)
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    suffix = "" if scale == 1 else f"-{round(scale * 100)}"
    shots(app, out, lang, suffix)
    del keep
    return 0


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    only_events = "--events" in argv  # just the event list (quick, for a scale check)
    argv = [a for a in argv if a != "--events"]
    if argv[:1] == ["--counter"]:  # the counter's windows only, at 1280x800 (any scale)
        return counter_only(Path(argv[1] if len(argv) > 1 else "docs/screenshots"))
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _throw_away_home()
    keyring.set_keyring(_ThrowAwayKeyring())
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.config import ui_language
    from app.db import open_database
    from app.demo import build_demo
    from app.security import Actor, Role
    from app.ui.i18n import install_translators
    from app.ui.main_window import MainWindow
    from app.ui.theme import ensure_chinese_font

    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("WattDeskScreenshots")
    ensure_chinese_font()  # as the GUI does: a machine without a CJK font shows boxes
    lang = ui_language()
    keep = install_translators(app, lang)
    if only_events:
        event_list_shot(app, out, lang)
        del keep
        return 0

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
        account_shots(app, window, out, lang)
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
        counter_shots(app, window, out, lang)
        window.close()
        db.dispose()
    first_start_shots(app, out, lang)
    site_sheet_shots(app, out, lang)
    event_list_shot(app, out, lang)
    from .report_shots import report_shots

    report_shots(app, out, lang)  # the Reports window, on a park with a year of money
    from .billing_shots import billing_shots

    billing_shots(app, out, lang)  # the Billing window (计费): billing-*.png
    from .batches_shots import batches_shots

    batches_shots(app, out, lang)  # the Batches window (批量任务): batches-*.png
    from .timecontrol_shots import timecontrol_shots

    timecontrol_shots(app, out, lang)  # the Time control window (时间控制): timecontrol-*.png
    from .settings_messages_shots import messages_settings_shots

    messages_settings_shots(app, out, lang)  # Settings → Messages: messages-settings-*.png
    from .settings_load_shots import load_shots

    load_shots(app, out, lang)  # Settings → Load control and a room's Load control: load-*.png
    from .messages_shots import messages_shots

    messages_shots(app, out, lang)  # the Messages window (消息记录): messages-*.png
    from .desks_shots import desks_shots

    desks_shots(app, out, lang)  # a desk whose collector another desk runs: desks-*.png
    from .payments_shots import payments_shots

    payments_shots(app, out, lang)  # online payments (线上缴费 / 对账): payments-*.png
    from .field_shots import field_shots

    field_shots(app, out, lang)  # the field package window and the laptop's banner: field-*.png
    del keep
    return 0


def event_list_shot(app, out: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The alarm list at 1280x800 with one event of each common kind, some written before
    events carried their facts (``events-{lang}.png``): every sentence in ``lang``."""
    from PySide6.QtCore import QEventLoop, QTimer

    from app.collector.event_samples import write_sample_events
    from app.db import open_database
    from app.demo import build_demo
    from app.security import Actor, Role
    from app.ui.alarms import AlarmsDock

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/events.sqlite")
        build_demo(db, rooms=24)
        write_sample_events(db)
        from zoneinfo import ZoneInfo

        dock = AlarmsDock(
            db, Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1"), ZoneInfo("Asia/Shanghai")
        )
        dock.notifier.sound = lambda: None
        dock.resize(1280, 800)
        dock.show()
        loop = QEventLoop()
        dock.loaded.connect(loop.quit)
        QTimer.singleShot(20_000, loop.quit)
        dock.load()
        loop.exec()
        dock.table.resizeColumnToContents(2)
        pause(app, 300)
        dock.grab().save(str(out / f"events-{lang}.png"))
        dock.close()
        db.dispose()


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


LONG_TENANT = "苏州工业园区星河智造精密机械制造有限公司第二分公司"


def counter_shots(app, window, out: Path, lang: str, suffix: str = "") -> None:  # type: ignore[no-untyped-def]
    """The counter at 1280x800: F9 on an office room (time-of-use prices: the longest
    price line) whose tenant has a long name, after a recharge (``cashier-*``), the room
    list of a search (``cashier-search-*``), the shift close dialog with a difference
    (``cashier-shift-*``) and the room detail it was opened from (``room-counter-*``)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from app.services.screenshot_scenes import name_office_tenant

    def wait(signal, ms: int = 20_000) -> list[Any]:  # type: ignore[no-untyped-def]
        loop, got = QEventLoop(), list[Any]()

        def arrived(*args: Any) -> None:
            got.extend(args)
            loop.quit()

        signal.connect(arrived)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        return got

    room_id = name_office_tenant(window.db, LONG_TENANT)
    window.resize(1280, 800)
    window.open_room(room_id)
    wait(window.detail.shown)
    pause(app, 300)
    window.grab().save(str(out / f"room-counter-{lang}{suffix}.png"))
    counter = window.open_cashier_here()  # what F9 does on the room detail
    counter.confirm_dialog = lambda _question: True
    counter.resize(1280, 800)
    if counter.money is None or counter.room is None or counter.room.room_id != room_id:
        wait(counter.room_shown)
    counter.amount.set_amount("200")
    counter.methods.button(0).setChecked(True)
    counter.confirm()
    wait(counter.recharged)
    pause(app, 300)
    counter.grab().save(str(out / f"cashier-{lang}{suffix}.png"))
    _bills_shot(app, counter, out / f"cashier-bills-{lang}{suffix}.png", wait)  # r16-bills
    counter.search.setText("1")  # many rooms, long tenant names among them
    pause(app, 300)
    counter.grab().save(str(out / f"cashier-search-{lang}{suffix}.png"))
    counter.close_shift_dialog()
    dialog = wait(counter.shift.dialog_opened)[0]
    dialog.counted.edit.setText("1300")
    dialog.reason.setText("找零多找一百元，已联系租户")
    dialog.confirm_dialog = lambda _question: False  # the Yes/No box: not drawn here
    dialog.try_accept()
    pause(app, 300)
    dialog.grab().save(str(out / f"cashier-shift-{lang}{suffix}.png"))
    dialog.reject()
    counter.close()


def _bills_shot(app, counter, path: Path, wait) -> None:  # type: ignore[no-untyped-def]
    """The counter's open bills (one overdue, one not yet due) for the room on show."""
    from datetime import timedelta

    from app.billing.bills import issue_bill, local_today

    account = counter.room.account_id
    today = local_today()
    month = today.replace(day=1) - timedelta(days=1)  # last month's last day
    due = today + timedelta(days=9)
    with counter.db.write() as session:  # the demo's 物业费 (fee:1): last month's and this one's
        issue_bill(session, account, "fee:1", f"{month:%Y-%m}", 63700, month, memo="")
        issue_bill(session, account, "fee:1", f"{today:%Y-%m}", 63700, due, memo="")
    counter.bills.show_account(account)
    wait(counter.bills.loaded)
    pause(app, 300)
    counter.grab().save(str(path))


def counter_only(out: Path) -> int:
    """``python -m app.ui.screenshots --counter DIR``: only :func:`counter_shots`, on a
    throw-away demo park, named with the scale when it is not 1 (``-150`` for 1.5)."""
    out.mkdir(parents=True, exist_ok=True)
    _throw_away_home()
    keyring.set_keyring(_ThrowAwayKeyring())
    from PySide6.QtWidgets import QApplication

    from app.config import ui_language
    from app.db import open_database
    from app.demo import build_demo
    from app.security import Actor, Role
    from app.ui.i18n import install_translators
    from app.ui.main_window import MainWindow
    from app.ui.theme import ensure_chinese_font

    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("WattDeskScreenshots")
    ensure_chinese_font()  # a machine without a Chinese font drew boxes
    lang = ui_language()
    keep = install_translators(app, lang)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "" if float(scale) == 1 else f"-{round(float(scale) * 100)}"
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/shot.sqlite")
        build_demo(db, rooms=300)
        window = MainWindow(db, Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1"))
        window.show()
        window.reload()
        loop_wait(window.tree_loaded)
        counter_shots(app, window, out, lang, suffix)
        window.close()
        db.dispose()
    del keep
    return 0


def loop_wait(signal, ms: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def bare_main_window(db, actor):  # type: ignore[no-untyped-def]
    """A main window, not yet shown (for the shot modules, which may not import it)."""
    from .main_window import MainWindow

    return MainWindow(db, actor)


def main_window(db, actor, building_id: int):  # type: ignore[no-untyped-def]
    """The main window at 1280x800 on ``building_id``'s room wall (for the windows' shot
    modules, which may not import the main window themselves)."""
    from .main_window import MainWindow

    window = MainWindow(db, actor)
    window.resize(1280, 800)
    window.show()
    window.reload()
    loop_wait(window.tree_loaded)
    window.park_tree.select_key(("building", building_id))
    window.park_tree.view.expandToDepth(0)
    return window


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


def site_sheet_shots(app, out: Path, lang: str, size: tuple[int, int] = (1280, 800)) -> None:  # type: ignore[no-untyped-def]
    """Site → Import / export the site sheet on the demo park: an exported sheet with new
    rows and two mistakes, previewed (``site-sheet-{lang}.png``), then errors only
    (``site-sheet-errors-{lang}.png``)."""
    import csv

    from app.db import open_database
    from app.demo import build_demo
    from app.security import Actor, Role
    from app.sitesheet import EXPORT_COLUMNS, export_site
    from app.ui.bridge import Worker
    from app.ui.site_sheet import SiteSheetWindow

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/sheet.sqlite")
        build_demo(db, rooms=120, opening_balances=False)
        actor = Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1")
        sheet = Path(tmp) / "园区台账.csv"
        export_site(db, sheet, actor)
        with sheet.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        rows[3]["area"] = "150.00"  # updated
        new = [
            dict(
                rows[0],
                room=f"9{i:02d}",
                tenant=f"新租户{i}号商行",
                account="",
                meter_address=str(200 + i),
            )
            for i in range(1, 4)
        ]
        bad = [
            dict(rows[1], room="905", area="约20", account=""),
            dict(rows[2], room="906", meter_address=rows[2]["meter_address"], account=""),
        ]
        with sheet.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
            writer.writeheader()
            writer.writerows([*new, *bad, *rows[:40]])
        worker = Worker()
        window = SiteSheetWindow(db, actor, worker)
        window.folder = tmp
        window.resize(*size)
        window.show()
        window.preview_file(sheet)
        _wait_for(app, window.previewed)
        window.table.selectRow(4)  # row 6 of the sheet: its error in full below the table
        pause(app, 300)
        window.grab().save(str(out / f"site-sheet-{lang}.png"))
        window.errors_only.setChecked(True)
        window.table.selectRow(2)
        pause(app, 300)
        window.grab().save(str(out / f"site-sheet-errors-{lang}.png"))
        window.close()
        worker.wait()
        db.dispose()


def _wait_for(app, signal, ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def account_shots(app, window, out: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The Accounts window (a pre-set account among the demo's) and each of its dialogs."""
    from app.accounts import reads
    from app.accounts.contacts import Contact, save_tenant
    from app.accounts.service import preset_account
    from app.security import system_actor

    db, actor = window.db, system_actor(name="screenshot")
    vacant = [r.id for r in reads.vacant_rooms(db)]
    if vacant:
        preset_account(db, actor, "信息学院2026级新生 101宿舍", "dorm", vacant[:1])
    accounts = window.open_accounts()
    accounts.resize(1280, 800)
    pause(app, 1500)
    row = next(r for r in accounts.model.rows if r.status == "open" and r.meters)
    save_tenant(
        db,
        actor,
        row.tenant_id,
        row.tenant,
        row.kind,
        [
            Contact("张经理", "13800138000", "zhang@example.com", may_pay=True),
            Contact("李会计", "0512-6688 1234", "li@example.com", may_pay=True, note="财务"),
            Contact("王师傅", "13912345678", "", note="电工"),
        ],
    )
    accounts.load()
    pause(app, 1000)
    accounts.select_account(row.id)
    pause(app, 300)
    accounts.grab().save(str(out / f"accounts-{lang}.png"))
    detail = reads.account_detail(db, row.id)
    from .account_close import CloseAccountDialog
    from .account_dialogs import OpenAccountDialog, SwapDialog, TransferDialog
    from .tenant_dialog import TenantDialog

    dialogs = {
        "account-open": OpenAccountDialog(window.db, window.actor, rooms=vacant[1:3]),
        "account-preset": OpenAccountDialog(window.db, window.actor, preset=True),
        "account-close": CloseAccountDialog(window.db, window.actor, detail),
        "account-transfer": TransferDialog(window.db, window.actor, detail),
        "account-swap": SwapDialog(window.db, window.actor, detail),
        "account-tenant": TenantDialog(window.db, window.actor, detail),
    }
    for name, dialog in dialogs.items():
        if name == "account-open":
            dialog.tenant.setText("苏州星辰精密机械有限公司")
        dialog.show()
        pause(app, 800)
        dialog.adjustSize()
        pause(app, 200)
        dialog.grab().save(str(out / f"{name}-{lang}.png"))
        dialog.close()
    accounts.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
