"""Settings → Load control and the room detail's "Load control" tab, driven like a user on
the demo park (its dorm buildings are under load control): settings saved and read back
through the service, a whitelist entry added and removed, learning started, a cashier's
page read-only, an event the rules recorded shown in the room, the manager's restore
refused without a reason and done with one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.livedata.rooms import room_live
from app.loadcontrol.panel import building_panel, room_load
from app.loadcontrol.rules import LoadRules
from app.loadcontrol.signals import Detection, LoadStep, Verdict
from app.models import (
    Building,
    CommandStatus,
    Floor,
    LoadSettings,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    RelayControl,
    RelayState,
    Room,
    utcnow,
)
from app.security import Actor, Role, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.live import badges
from app.ui.room_detail import RoomDetailPanel
from app.ui.settings import SettingsDialog

PASSWORD = "Load-2026!"
ZONE = ZoneInfo("Asia/Shanghai")
WAIT = 20_000


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def staff(demo_db) -> dict[str, Actor]:  # type: ignore[no-untyped-def]
    admin = create_first_admin(demo_db, "admin", "管理员", PASSWORD)
    add_operator(demo_db, admin, "cashier", "收银员", Role.CASHIER, PASSWORD)
    return {
        "admin": login(demo_db, "admin", PASSWORD),
        "cashier": login(demo_db, "cashier", PASSWORD),
    }


def dorm(db) -> tuple[int, str, int, int]:  # type: ignore[no-untyped-def]
    """(building id, building name, room id, meter id) of a let dorm room under control."""
    with db.read() as s:
        bid = s.scalar(select(LoadSettings.building_id).order_by(LoadSettings.building_id))
        assert bid is not None, "the demo puts its dorm buildings under load control"
        name = s.get(Building, bid).name
        room_id, meter_id = s.execute(
            select(Room.id, Meter.id)
            .join(Floor, Floor.id == Room.floor_id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Floor.building_id == bid, Meter.role == MeterRole.TENANT)
            .order_by(Room.id)
        ).first()
    return bid, name, room_id, meter_id


def open_page(qtbot, db, actor):  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(db, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.load_control
    dialog.show_page(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.load()
    assert page.building_id() == dorm(db)[0], "opens on the first building under control"
    return dialog, page


def saved(qtbot, page, click) -> None:  # type: ignore[no-untyped-def]
    """Click, wait for the save and the re-read that follows it."""
    with qtbot.waitSignals([page.saved, page.loaded], timeout=WAIT):
        click()


def test_settings_saved_are_read_back_through_the_service(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    _dialog, page = open_page(qtbot, demo_db, staff["admin"])
    rules = page.rules
    assert rules.enabled.isChecked() and rules.delay.value() == 5 and rules.limit.value() == 3
    rules.spins["min_step_w"].setValue(45)
    rules.spins["power_limit_w"].setValue(2500)
    rules.night_from.setValue(22)
    rules.actions["message"].setChecked(False)
    rules.delay.setValue(10)
    rules.limit.setValue(2)
    saved(qtbot, page, rules.save_button.click)
    stored = building_panel(demo_db, page.building_id()).settings
    assert stored is not None
    assert stored.config.thresholds["min_step_w"] == 45
    assert stored.config.thresholds["power_limit_w"] == 2500
    assert stored.config.thresholds["night_hours"] == [22, 7]
    assert stored.config.actions == frozenset({"cut", "alarm"})
    assert stored.config.restore_delay_s == 600 and stored.config.restore_limit == 2
    assert rules.limit.value() == 2  # the page shows what was read back


def test_a_room_override_is_saved_for_that_room_only(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    _dialog, page = open_page(qtbot, demo_db, staff["admin"])
    rules = page.rules
    room = page.data.rooms[0]
    rules.override_room.setCurrentText(room)
    rules.override_button.click()
    rules.enabled.setChecked(False)
    saved(qtbot, page, rules.save_button.click)
    data = building_panel(demo_db, page.building_id())
    assert [(o.room, o.config.enabled) for o in data.overrides] == [(room, False)]
    assert data.settings is not None and data.settings.config.enabled
    assert rules.scope.currentData() == room and rules.remove_button.isVisibleTo(page)
    saved(qtbot, page, rules.remove_button.click)
    assert building_panel(demo_db, page.building_id()).overrides == []
    assert rules.scope.count() == 1  # the whole building only


def test_whitelist_add_and_remove(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    _dialog, page = open_page(qtbot, demo_db, staff["admin"])
    tab = page.whitelist
    room = page.data.rooms[1]
    tab.room.setCurrentIndex(tab.room.findData(room))
    tab.name.setText("冰箱")
    tab.delta.setValue(120)
    tab.pf.setValue(0.8)
    saved(qtbot, page, tab.add_button.click)
    [entry] = building_panel(demo_db, page.building_id()).whitelist
    assert (entry.room, entry.name, entry.delta_w, entry.power_factor) == (room, "冰箱", 120, 0.8)
    assert not entry.learned and entry.added_by == "管理员"
    assert tab.table.rowCount() == 1 and tab.table.item(0, 1).text() == "冰箱"
    # a nameless entry is refused by the service, in words
    tab.name.setText(" ")
    with qtbot.waitSignal(page.failed, timeout=WAIT) as refused:
        tab.add_button.click()
    assert "name" in refused.args[0]
    tab.table.selectRow(0)
    saved(qtbot, page, tab.remove_button.click)
    assert building_panel(demo_db, page.building_id()).whitelist == []
    assert tab.table.rowCount() == 0


def test_learning_starts_for_the_room(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    _dialog, page = open_page(qtbot, demo_db, staff["admin"])
    tab = page.learning
    room = page.data.rooms[2]
    tab.room.setCurrentText(room)
    tab.name.setText("台式电脑")
    saved(qtbot, page, tab.start_button.click)
    [waiting] = building_panel(demo_db, page.building_id()).learning
    assert (waiting.room, waiting.name, waiting.started_by) == (room, "台式电脑", "管理员")
    assert waiting.until > utcnow() + timedelta(minutes=25)
    assert tab.waiting.rowCount() == 1 and tab.waiting.item(0, 1).text() == "台式电脑"


def test_a_cashier_sees_the_page_read_only(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    _dialog, page = open_page(qtbot, demo_db, staff["cashier"])
    assert not page.role_note.isHidden()
    for widget in (page.rules.save_button, page.whitelist.add_button,
                   page.learning.start_button, page.rules.limit):  # fmt: skip
        assert not widget.isEnabled()
    assert page.library.table.rowCount() >= 30  # the library is for everyone to read


def forbidden(meter_id: int) -> Detection:
    now = utcnow()
    return Detection(
        meter_id, now, Verdict.FORBIDDEN, "immersion_heater", 0.95,
        LoadStep(meter_id, now, 1800.0, 0.99, 60.0, 1860.0),
    )  # fmt: skip


def meter_confirms_the_cut(db, meter_id: int, event_id: int) -> None:  # type: ignore[no-untyped-def]
    """What the collector stores when the meter confirms the load cut."""
    with db.write() as s:
        state = s.get(MeterState, meter_id) or MeterState(meter_id=meter_id)
        state.relay = RelayState.OPEN
        s.add(state)
        control = s.get(RelayControl, meter_id) or RelayControl(meter_id=meter_id)
        control.cut_reason, control.rule = "load", f"load:{event_id}"
        s.add(control)
        for cmd in s.scalars(select(MeterCommand).where(MeterCommand.meter_id == meter_id)):
            if cmd.status in (CommandStatus.PENDING, CommandStatus.SENT):
                cmd.status = CommandStatus.CONFIRMED


def wall_flags(db, room_id: int) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """The badge flags the wall and the tree show for the room (their filter chips too)."""
    with db.read() as s:
        live = room_live(s, ZONE, [room_id])[room_id]
    return badges(live)[1]


def test_room_detail_shows_the_event_and_the_manager_restores(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    from app.loadcontrol.panel import save_config
    from app.loadcontrol.store import LoadConfig

    bid, _name, room_id, meter_id = dorm(demo_db)
    admin = staff["admin"]
    save_config(demo_db, admin, bid, LoadConfig(restore_limit=0))  # no automatic restore
    done = LoadRules(demo_db, admin, ZONE).handle([forbidden(meter_id)])
    assert done.commands, "the rules cut"
    meter_confirms_the_cut(demo_db, meter_id, done.load_events[0])
    panel = RoomDetailPanel(demo_db, admin, ZONE)
    qtbot.addWidget(panel)
    tab = panel.load_control
    with qtbot.waitSignal(tab.loaded, timeout=WAIT):
        panel.set_room(room_id)
    assert not tab.manager.isHidden() and "manager" in tab.manager.text()
    assert "needs_manager" in wall_flags(demo_db, room_id)  # the wall tile and the tree
    assert "0 of 0" in tab.summary.text()
    row = [tab.table.item(0, c).text() for c in range(tab.table.columnCount())]
    assert row[2] == "forbidden" and row[3] == "Immersion heater"
    assert row[4] == "1800" and row[5] == "0.99" and row[6] == "cut"
    tab.ask_reason = lambda: "   "
    with qtbot.waitSignal(tab.failed, timeout=WAIT) as refused:
        tab.restore_button.click()
    assert "reason" in refused.args[0]
    assert room_load(demo_db, room_id).needs_manager
    tab.ask_reason = lambda: "heater taken away"
    with qtbot.waitSignals([tab.restored, tab.loaded], timeout=WAIT):
        tab.restore_button.click()
    assert not room_load(demo_db, room_id).needs_manager
    assert tab.manager.isHidden() and "queued" in tab.result.text()
    assert "needs_manager" not in wall_flags(demo_db, room_id)
    assert panel.wait()


def test_a_cashier_cannot_restore(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    panel = RoomDetailPanel(demo_db, staff["cashier"], ZONE)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.load_control.loaded, timeout=WAIT):
        panel.set_room(dorm(demo_db)[2])
    assert not panel.load_control.restore_button.isEnabled()
    assert panel.wait()


def test_the_thresholds_have_one_rule_the_detectors(demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    """The page's ranges are values the detector accepts; the service refuses, with the
    detector's words, what the detector would refuse (a value typed around the page)."""
    from app.loadcontrol.detect import Thresholds
    from app.loadcontrol.panel import THRESHOLD_FIELDS, save_config
    from app.loadcontrol.store import LoadConfig, LoadControlError

    for f in THRESHOLD_FIELDS:
        for value in (f.low, f.high):
            Thresholds.from_json({f.name: int(value) if f.name == "utc_offset_h" else value})
    bid = dorm(demo_db)[0]
    with pytest.raises(LoadControlError, match="resistive_pf"):
        save_config(demo_db, staff["admin"], bid, LoadConfig(thresholds={"resistive_pf": 1.2}))
    with pytest.raises(LoadControlError, match="unknown"):
        save_config(demo_db, staff["admin"], bid, LoadConfig(thresholds={"min_step": 5}))
    stored = building_panel(demo_db, bid).settings
    assert stored is not None and stored.config.thresholds == {}  # the demo's, unchanged


def test_load_events_read_in_one_language() -> None:
    """The alarms list and the room's events name the appliance and the meter's flag in
    the interface's language, not by their keys (热得快, not immersion_heater)."""
    from app.livedata.event_text import describe

    platform = {"source": "platform", "appliance": "immersion_heater", "delta_w": 1780,
                "power_factor": 0.99, "action": "cut"}  # fmt: skip
    meter = {"source": "meter", "meter_event": "malicious_load", "action": "cut"}
    assert (
        describe("load.cut", platform, "zh_CN", "")
        == "违规电器热得快（1780瓦，功率因数0.99）：已断电"
    )
    assert describe("load.cut", meter, "zh_CN", "") == "电表上报恶性负载：已断电"
    assert "Immersion heater" in describe("load.cut", platform, "en", "")
    assert "malicious load" in describe("load.cut", meter, "en", "")
