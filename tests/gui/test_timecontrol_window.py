"""The Time control window (时间控制) driven as an operator would, over a real demo park.

The window adds a lights-out timetable for a floor through its editor (and refuses a bad
one, naming the field), the calendar shows the next cuts and restores in park time with a
holiday without them and a guaranteed-supply room held, the due check's work appears in
the room's history (cut, held), a removed timetable leaves the calendar, and a cashier or
an operator sees Add and Remove greyed with the reason. The room detail says why a relay is
open in words (the timetable), in English and in Chinese. Every step waits on the
window's own signals (its worker thread).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication
from sqlalchemy import select

from app.db import Database
from app.models import Floor, Meter, MeterState, RelayControl, RelayState, Role, Room
from app.security import Actor, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.timecontrol.execute import DueCheck
from app.ui.tables import RED
from app.ui.timecontrol import TimeControlWindow
from app.ui.timecontrol_editor import TimetableEditor

ZONE = ZoneInfo("Asia/Shanghai")
PASSWORD = "Timetable-2026!"
WAIT = 30_000
TODAY = date(2026, 9, 28)  # a Monday; 2026-09-30 is made a holiday
FLOOR = "1号厂房/2F"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> Database:
    """The demo park, each tenant meter online with its relay closed (as the collector
    would have stored it), so the due check has something to cut."""
    from app.demo import build_demo

    build_demo(db, rooms=40, opening_balances=False)
    with db.write() as s:
        have = set(s.scalars(select(MeterState.meter_id)))
        for meter_id in s.scalars(select(Meter.id).where(Meter.room_id.is_not(None))):
            if meter_id not in have:
                s.add(MeterState(meter_id=meter_id, online=True, relay=RelayState.CLOSED))
        for state in s.scalars(select(MeterState)):
            state.online, state.relay, state.guaranteed = True, RelayState.CLOSED, False
    return db


@pytest.fixture
def staff(park: Database) -> dict[Role, Actor]:
    people = {Role.ADMIN: create_first_admin(park, "admin", "管理员", PASSWORD)}
    for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
        add_operator(park, people[Role.ADMIN], role.value, role.value, role, PASSWORD)
        people[role] = login(park, role.value, PASSWORD)
    return people


def open_window(qtbot: Any, db: Database, actor: Actor) -> TimeControlWindow:
    window = TimeControlWindow(db, actor, ZONE, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([window.timetables.loaded, window.calendar.loaded], timeout=WAIT):
        window.load()
    return window


def floor_rooms(db: Database) -> list[tuple[str, int]]:
    """(room number, meter id) of the floor's rooms with a meter."""
    with db.read() as s:
        rows = s.execute(
            select(Room.number, Meter.id)
            .join(Meter, Meter.room_id == Room.id)
            .join(Floor, Floor.id == Room.floor_id)
            .where(Floor.name == "2F")
            .order_by(Room.number)
        ).all()
    return [(n, int(m)) for n, m in rows]


def add_lights_out(qtbot: Any, window: TimeControlWindow) -> TimetableEditor:
    """熄灯 23:00, 来电 06:30 every day for the floor; the 30th a holiday without a window."""
    editor = window.timetables.open_editor()
    editor.name.setText("2F 熄灯")
    editor.scope.setCurrentIndex(editor.scope.findData("floor"))
    editor.tick(FLOOR)
    editor.holidays.setText("2026-09-30")
    editor.remarks.setText("学期作息")
    with qtbot.waitSignals([editor.saved, window.timetables.loaded], timeout=WAIT):
        editor.save()
    return editor


def cells(table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def show_calendar(qtbot: Any, window: TimeControlWindow, place: str | None) -> list[list[str]]:
    page = window.calendar
    if place is None:
        page.place.setCurrentIndex(0)
    else:
        page.choose(place)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.load()
    return cells(page.table)


def test_a_timetable_added_in_the_editor_shows_its_next_cuts_in_park_time(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    window = open_window(qtbot, park, staff[Role.ADMIN])
    assert window.timetables.table.rowCount() == 0
    add_lights_out(qtbot, window)
    (row,) = cells(window.timetables.table)
    assert row[0] == "2F 熄灯" and FLOOR in row[1] and row[2] == "2026-09-28"
    assert row[4] == "Monday–Sunday 23:00–06:30" and row[5] == "09-30" and row[7] == "学期作息"
    page = window.timetables
    page.kind.setCurrentIndex(page.kind.findData("building"))
    assert page.table.rowCount() == 0  # the filter: a floor's timetable is not a building's
    page.kind.setCurrentIndex(page.kind.findData("floor"))
    page.filter.setText("学期")  # by remark
    assert page.table.rowCount() == 1
    page.filter.setText("1F")
    assert page.table.rowCount() == 0
    page.filter.setText("")
    rows = show_calendar(qtbot, window, FLOOR)
    when = [(r[0], r[2], r[3]) for r in rows]
    # park time (UTC would be 15:00 and 22:30); the holiday of the 30th has no window,
    # so the night of the 29th ends at 06:30 on the 30th and the next cut is on the 1st
    assert when[:6] == [
        ("2026-09-28", "23:00", "supply off"),
        ("2026-09-29", "06:30", "supply on"),
        ("2026-09-29", "23:00", "supply off"),
        ("2026-09-30", "06:30", "supply on"),
        ("2026-09-30", "", "no supply cut (holiday)"),
        ("2026-10-01", "23:00", "supply off"),
    ]
    assert rows[4][5] == "holiday"
    assert ("2026-09-30", "23:00", "supply off") not in when
    assert rows[0][4] == "2F 熄灯" and int(rows[0][6]) == len(floor_rooms(park))
    assert "2026-09-30 (2F 熄灯)" in window.calendar.holidays.text()
    assert show_calendar(qtbot, window, "1号厂房/1F") == []  # another floor: nothing


def test_a_bad_timetable_is_refused_naming_the_field(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    window = open_window(qtbot, park, staff[Role.ADMIN])
    editor = window.timetables.open_editor()
    editor.name.setText("无范围")
    editor.scope.setCurrentIndex(editor.scope.findData("floor"))
    with qtbot.waitSignal(editor.refused, timeout=WAIT) as refused:
        editor.save()  # no place ticked
    assert refused.args[0].startswith("Scope:"), refused.args[0]
    assert editor.places.styleSheet() == RED and editor.isVisible()
    editor.tick(FLOOR)
    editor.days[0].on.setTime(editor.days[0].off.time())  # Monday off 23:00, on 23:00
    with qtbot.waitSignal(editor.refused, timeout=WAIT) as refused:
        editor.save()
    assert refused.args[0].startswith("Supply off / on:") and "23:00" in refused.args[0]
    assert "Monday" in refused.args[0] and "mon " not in refused.args[0]
    assert editor.fields["rules"].styleSheet() == RED
    assert editor.places.styleSheet() == ""
    editor.holidays.setText("2026-13-01")
    with qtbot.waitSignal(editor.refused, timeout=WAIT) as refused:
        editor.save()  # refused in the form (no worker): still named
    assert refused.args[0].startswith("Holiday dates:")
    assert window.timetables.rows == []  # nothing stored


def test_guaranteed_supply_is_held_and_the_history_says_what_happened(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    rooms = floor_rooms(park)
    (held_room, held_meter), (cut_room, _cut_meter) = rooms[0], rooms[1]
    with park.write() as s:
        s.get(MeterState, held_meter).guaranteed = True  # 保电
    window = open_window(qtbot, park, staff[Role.ADMIN])
    add_lights_out(qtbot, window)
    show_calendar(qtbot, window, FLOOR)
    assert cells(window.calendar.held) == [[f"{FLOOR}/{held_room}", "2F 熄灯"]]
    assert show_calendar(qtbot, window, f"{FLOOR}/{cut_room}")[0][2] == "23:00"
    assert cells(window.calendar.held) == []  # that room is not guaranteed
    night = datetime(2026, 9, 28, 23, 5, tzinfo=ZONE).astimezone(UTC)
    done = DueCheck(park, staff[Role.ADMIN], ZONE).run(night)
    assert len(done.commands) == len(rooms) - 1
    page = window.history
    for room, outcome in ((cut_room, "cut"), (held_room, "held (guaranteed supply)")):
        page.choose(f"{FLOOR}/{room}")
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.load()
        (row,) = cells(page.table)
        assert row[1:] == ["supply off", "2F 熄灯", outcome], row
        assert row[0].startswith("2026-09-28 23:0")  # park time


def test_a_removed_timetable_leaves_the_calendar(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    window = open_window(qtbot, park, staff[Role.ADMIN])
    add_lights_out(qtbot, window)
    assert show_calendar(qtbot, window, None) != []
    page = window.timetables
    page.table.selectRow(0)
    with qtbot.waitSignals([page.loaded, window.calendar.loaded], timeout=WAIT):
        page.remove_chosen(confirm=False)
    assert page.table.rowCount() == 0
    page.removed.setChecked(True)
    assert cells(page.table)[0][6] == "removed"
    assert cells(window.calendar.table) == []


@pytest.mark.parametrize("role", [Role.CASHIER, Role.AUDITOR, Role.OPERATOR])
def test_a_role_without_relay_switch_sees_the_editor_greyed(
    qtbot: Any, park: Database, staff: dict[Role, Actor], role: Role
) -> None:
    """A cashier and an auditor may not switch relays: Add and Remove are greyed with the
    reason; an operator (who switches relays) may change timetables."""
    window = open_window(qtbot, park, staff[role])
    may = role is Role.OPERATOR
    for button in (window.timetables.add, window.timetables.edit, window.timetables.remove):
        assert button.isEnabled() is may
        assert ("may not switch relays" in button.toolTip()) is not may
    assert window.timetables.note.isVisibleTo(window) is not may


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "cut (supply timetable)"), ("zh_CN", "拉闸 (作息表)")]
)
def test_the_room_detail_says_a_timetable_cut_in_words(
    qtbot: Any, park: Database, staff: dict[Role, Actor], monkeypatch: Any, lang: str, words: str
) -> None:
    from app.ui.i18n import install_translators
    from app.ui.room_detail import RoomDetailPanel

    ((number, meter_id), *_rest) = floor_rooms(park)
    with park.write() as s:
        s.get(MeterState, meter_id).relay = RelayState.OPEN
        s.add(RelayControl(meter_id=meter_id, cut_reason="timetable", rule="timetable:1"))
        room_id = s.scalar(select(Meter.room_id).where(Meter.id == meter_id))
    monkeypatch.setenv("WATTDESK_LANG", lang)
    translators = install_translators(QCoreApplication.instance(), lang)
    try:
        panel = RoomDetailPanel(park, staff[Role.ADMIN], ZONE)
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.shown, timeout=WAIT):
            panel.set_room(room_id)
        table = panel.meters
        shown = [table.item(r, 0).text() for r in range(table.rowCount())]
        assert panel.wait()
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
    assert any(words in text for text in shown), (number, shown)


def test_the_main_window_opens_time_control_once(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    """The toolbar's "Time control…" builds the window on first use and shows it again; a
    cashier's action says why it opens read-only."""
    from PySide6.QtGui import QAction

    from app.ui.main_window import MainWindow

    window = MainWindow(park, staff[Role.ADMIN])
    qtbot.addWidget(window)
    window.show()
    action = window.findChild(QAction, "OpenTimeControl")
    assert action is not None and "read-only" not in action.toolTip()
    action.trigger()
    tc = window.timecontrol
    assert isinstance(tc, TimeControlWindow) and tc.isVisible()
    qtbot.waitUntil(lambda: tc.calendar.place.count() > 1, timeout=WAIT)
    with qtbot.waitSignal(tc.timetables.loaded, timeout=WAIT):
        assert window.open_timecontrol() is tc  # built once, read again
    window.close()
    cashier = MainWindow(park, staff[Role.CASHIER])
    qtbot.addWidget(cashier)
    action = cashier.findChild(QAction, "OpenTimeControl")
    assert action is not None and "read-only" in action.toolTip()
    cashier.close()


def test_a_refusal_in_chinese_is_all_chinese(
    qtbot: Any, park: Database, staff: dict[Role, Actor], monkeypatch: Any
) -> None:
    """The service says "规则 rules：mon 的…"; the form says "断电 / 来电：星期一 的…"."""
    from app.ui.i18n import install_translators

    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    translators = install_translators(QCoreApplication.instance(), "zh_CN")
    try:
        window = open_window(qtbot, park, staff[Role.ADMIN])
        editor = window.timetables.open_editor()
        editor.name.setText("熄灯")
        with qtbot.waitSignal(editor.refused, timeout=WAIT) as refused:
            editor.save()
        assert refused.args[0].startswith("范围："), refused.args[0]
        editor.scope.setCurrentIndex(editor.scope.findData("floor"))
        editor.tick(FLOOR)
        editor.days[0].on.setTime(editor.days[0].off.time())
        with qtbot.waitSignal(editor.refused, timeout=WAIT) as refused:
            editor.save()
        text = refused.args[0]
        assert text.startswith("断电 / 来电：星期一") and "rules" not in text, text
        assert "mon" not in text and "规则" not in text, text
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)


def test_a_timetables_holidays_are_changed_and_the_calendar_follows(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    window = open_window(qtbot, park, staff[Role.ADMIN])
    add_lights_out(qtbot, window)
    page = window.timetables
    page.table.selectRow(0)
    editor = page.edit_holidays()
    assert editor is not None and editor.days.text() == "2026-09-30"
    editor.days.setText("2026-10-01 2026-13-01")
    with qtbot.waitSignal(editor.refused, timeout=WAIT) as refused:
        editor.save()
    assert "2026-13-01" in refused.args[0] and editor.isVisible()
    editor.days.setText("2026-10-01")
    with qtbot.waitSignals([editor.saved, page.loaded], timeout=WAIT):
        editor.save()
    assert cells(page.table)[0][5] == "10-01"
    when = [(r[0], r[2], r[3]) for r in show_calendar(qtbot, window, FLOOR)]
    assert ("2026-09-30", "23:00", "supply off") in when  # no longer a holiday
    assert ("2026-10-01", "", "no supply cut (holiday)") in when
    assert ("2026-10-01", "23:00", "supply off") not in when


def test_a_stored_timetable_is_changed_in_its_editor_opened_by_a_double_click(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    """Double-click the timetable: the editor shows its stored values; a bad change is
    refused naming the field (nothing stored); lights-out moved to 22:00, weekends off the
    rules and the remark changed are saved as the same timetable (same id) and listed."""
    from PySide6.QtCore import Qt, QTime

    from app.timecontrol import store

    window = open_window(qtbot, park, staff[Role.ADMIN])
    add_lights_out(qtbot, window)
    page = window.timetables
    stored = store.show_timetable(park, staff[Role.ADMIN], "2F 熄灯")
    page.table.selectRow(0)
    rect = page.table.visualRect(page.table.model().index(0, 0))
    viewport = page.table.viewport()
    with qtbot.waitSignal(page.editor_opened, timeout=WAIT) as opened:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    editor = opened.args[0]
    assert isinstance(editor, TimetableEditor) and editor.editing == stored
    assert editor.name.text() == "2F 熄灯" and editor.remarks.text() == "学期作息"
    assert editor.scope.currentData() == "floor" and len(editor.ticked()) == 1
    assert editor.holidays.text() == "2026-09-30" and editor.open_ended.isChecked()
    assert [row.used.isChecked() for row in editor.days] == [True] * 7 + [False]
    assert editor.days[0].off.time() == QTime(23, 0) and editor.days[0].on.time() == QTime(6, 30)
    assert "2F 熄灯" in editor.windowTitle()

    editor.open_ended.setChecked(False)
    editor.end.setDate(editor.start.date().addDays(-1))
    with qtbot.waitSignal(editor.refused, timeout=WAIT) as refused:
        editor.save()
    assert refused.args[0].startswith("In force until:"), refused.args[0]
    assert editor.fields["valid_to"].styleSheet() == RED and editor.isVisible()
    assert store.show_timetable(park, staff[Role.ADMIN], "2F 熄灯") == stored

    editor.open_ended.setChecked(True)
    for row in editor.days[:7]:
        row.off.setTime(QTime(22, 0))
    for row in editor.days[5:7]:
        row.used.setChecked(False)
    editor.remarks.setText("期末作息")
    with qtbot.waitSignals([editor.saved, page.loaded], timeout=WAIT):
        editor.save()
    (row,) = cells(page.table)
    assert row[4] == "Monday–Friday 22:00–06:30" and row[7] == "期末作息"
    changed = store.show_timetable(park, staff[Role.ADMIN], str(stored.id))
    assert changed.name == "2F 熄灯" and len(changed.rules) == 5
    assert changed.changed_at is not None and changed.scope_ids == stored.scope_ids


def test_a_removed_timetable_does_not_open_to_be_changed(
    qtbot: Any, park: Database, staff: dict[Role, Actor]
) -> None:
    window = open_window(qtbot, park, staff[Role.ADMIN])
    add_lights_out(qtbot, window)
    page = window.timetables
    page.table.selectRow(0)
    with qtbot.waitSignals([page.loaded, window.calendar.loaded], timeout=WAIT):
        page.remove_chosen(confirm=False)
    page.removed.setChecked(True)
    page.table.selectRow(0)
    with qtbot.waitSignal(page.failed, timeout=WAIT) as failed:
        assert page.edit_chosen() is None
    assert "removed timetable cannot be changed" in failed.args[0]
