"""The tariff window on the demo park: read-only for a cashier (and the service refuses),
publishing a time-of-use version for tomorrow, and the refusals with the field named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.billing.tariff import DayType, version_from_data
from app.demo import build_demo
from app.ledger.journal import LedgerError
from app.ledger.tariffs import assign, publish_version
from app.models import (
    AuditEntry,
    Building,
    Role,
    Setting,
    TariffAssignment,
    TariffRow,
    TariffVersionRow,
)
from app.security import Actor, PermissionDenied, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.tariff_editor import VersionDialog, tomorrow_midnight
from app.ui.tariffs import TariffWindow

PASSWORD = "Tariffs-2026!"
TOU = "工业分时电价"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db):  # type: ignore[no-untyped-def]
    build_demo(db, rooms=40)
    return db


def people(db) -> tuple[Actor, Actor]:  # type: ignore[no-untyped-def]
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    add_operator(db, admin, "wang", "王晓梅", Role.CASHIER, PASSWORD)
    return login(db, "admin", PASSWORD), login(db, "wang", PASSWORD)


def open_window(qtbot, db, actor) -> TariffWindow:  # type: ignore[no-untyped-def]
    from app.collector import CollectorConfig

    window = TariffWindow(db, actor, CollectorConfig().zone)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.load()
    return window


def versions(db, name: str) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(
            select(func.count())
            .select_from(TariffVersionRow)
            .join(TariffRow, TariffRow.id == TariffVersionRow.tariff_id)
            .where(TariffRow.name == name)
        )


def editor(qtbot, window: TariffWindow, name: str) -> VersionDialog:  # type: ignore[no-untyped-def]
    window.select(name)
    dialog = window.new_version()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.asked = []  # type: ignore[attr-defined]
    dialog.confirm_dialog = lambda q: dialog.asked.append(q) or True  # type: ignore[attr-defined]
    return dialog


def test_cashier_sees_the_tariff_editor_disabled(qtbot, park) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    _, cashier = people(park)
    main = MainWindow(park, cashier)
    qtbot.addWidget(main)
    window = main.open_tariffs()  # the toolbar's "Tariffs…"
    qtbot.waitUntil(lambda: window.tariffs.rowCount() == 3, timeout=10_000)
    names = {window.tariffs.item(r, 0).text() for r in range(3)}
    assert TOU in names
    assert window.versions.rowCount() >= 1  # read-only, but everything is shown
    for button in window.edit_buttons:
        assert not button.isEnabled()
        assert "may not change tariffs" in button.toolTip()
    assert "cashier" in window.permission_note.text()
    assert window.new_version() is None and window.open_assign() is None
    # the service refuses the cashier too, whatever the UI shows
    start = tomorrow_midnight(window.zone).isoformat()
    with pytest.raises(PermissionDenied):
        publish_version(park, cashier, TOU, {"effective_from": start, "prices": {"flat": "0.5"}})
    with pytest.raises(PermissionDenied):
        assign(park, cashier, TOU, "default")
    assert versions(park, TOU) == 1
    window.close()
    main.close()


def test_admin_publishes_a_tou_version_for_tomorrow_and_sees_it(qtbot, park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(park)
    with park.write() as s:
        s.add(Setting(key="tariff.catalogue_price", value="0.8000"))
    window = open_window(qtbot, park, admin)
    dialog = editor(qtbot, window, TOU)
    assert dialog.kind.currentData() == "tou"  # prefilled from the version in force
    for band, price in {
        "sharp": "1.2500",
        "peak": "1.0500",
        "flat": "0.7000",
        "valley": "0.3500",
    }.items():
        dialog.band_prices[band].setText(price)
    schedule = dialog.workday
    schedule.clear()
    # paint 00:00-08:00 valley with the mouse: press on the first cell, drag to the 16th
    strip = schedule.strip
    dialog.resize(1000, 800)
    schedule.brushes.button(3).click()  # valley
    cell = strip.cell_rect
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=cell(0).center())
    for i in range(1, 16):
        qtbot.mouseMove(strip, cell(i).center())
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=cell(15).center())
    assert schedule.cells[:16] == ["valley"] * 16
    schedule.fill(8 * 60, 11 * 60, "peak")
    schedule.fill(11 * 60, 18 * 60, "flat")
    schedule.fill(18 * 60, 20 * 60, "sharp")
    schedule.fill(20 * 60, 22 * 60, "peak")
    # a range over midnight with the range row: 22:00-24:00 valley
    from PySide6.QtCore import QTime

    schedule.start.setTime(QTime(22, 0))
    schedule.end.setTime(QTime(0, 0))
    schedule.band.setCurrentIndex(schedule.band.findData("valley"))
    schedule.apply_button.click()
    assert schedule.gaps() == []
    dialog.own_weekend.setChecked(False)
    tomorrow = tomorrow_midnight(window.zone)
    dialog.set_start(tomorrow)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        dialog.publish_button.click()
    # the cap (0.80 + 15% = 0.92) was warned about before and after publishing
    assert "resale cap" in dialog.asked[0] and "1.2500" in dialog.asked[0]
    assert "resale cap" in dialog.warning.text()
    assert versions(park, TOU) == 2
    assert window.selected_name() == TOU
    assert window.versions.rowCount() == 2
    shown = [window.versions.item(1, c).text() for c in range(window.versions.columnCount())]
    assert shown[0] == tomorrow.strftime("%Y-%m-%d %H:%M")
    assert shown[1] == "upcoming"
    assert "1.2500" in shown[2] and "20:00–22:00 Peak" in shown[3]
    assert "管理员" in shown[5]
    with park.read() as s:
        row = s.scalars(select(TariffVersionRow).order_by(TariffVersionRow.id.desc())).first()
        first = s.scalars(select(TariffVersionRow).order_by(TariffVersionRow.id)).all()
        before = next(v for v in first if v.tariff_id == row.tariff_id).definition["seasons"]
        after = row.definition["seasons"]
        assert len(after) == len(before) == 3  # the seasons not edited are kept as they were
        season = version_from_data(row.definition).season_at(tomorrow.date())  # the one edited
        edited = f"{season.start[0]:02d}-{season.start[1]:02d}"
        assert [x for x in after if x["start"] != edited] == [
            x for x in before if x["start"] != edited
        ]
        assert season.days[DayType.WORKDAY].as_data() == [
            ["00:00", "valley"],
            ["08:00", "peak"],
            ["11:00", "flat"],
            ["18:00", "sharp"],
            ["20:00", "peak"],
            ["22:00", "valley"],
        ]
        assert row.definition["prices"]["sharp"] == "1.2500"
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "tariff.publish")).one()
        assert "resale cap" in audit.detail
    # and apply it to a building
    with park.read() as s:
        building = s.scalars(select(Building).order_by(Building.id.desc())).first()
        building_id, building_name = building.id, building.name
    window.confirm_dialog = lambda q: True
    chooser = window.open_assign()
    assert chooser is not None
    chooser.choose("building", str(building_id))
    with qtbot.waitSignal(window.assigned, timeout=10_000) as done:
        chooser.accept_choice()
    assert building_name in done.args[0]
    with park.read() as s:
        a = s.scalars(
            select(TariffAssignment).where(
                TariffAssignment.scope == "building",
                TariffAssignment.scope_key == str(building_id),
            )
        ).one()
        assert s.get(TariffRow, a.tariff_id).name == TOU
    qtbot.waitUntil(lambda: building_name in window.assignments.text(), timeout=10_000)
    dialog.close()
    window.close()


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("backdated", "Effective from"),
        ("incomplete", "Workday schedule"),
        ("negative", "Peak (峰) price"),
        ("tier", "Block 1"),
        ("allowance", "Base allowance"),
    ],
)
def test_bad_versions_are_refused_with_the_field_named(qtbot, park, case: str, field: str) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(park)
    window = open_window(qtbot, park, admin)
    dialog = editor(qtbot, window, TOU)
    assert dialog.workday.gaps() == []  # the prefilled schedule covers the day
    if case == "backdated":
        dialog.set_start(datetime.now(window.zone) - timedelta(days=1))
    elif case == "incomplete":
        dialog.workday.fill(10 * 60, 12 * 60, None)
    elif case == "negative":
        dialog.band_prices["peak"].setText("-0.5000")
    elif case == "allowance":
        dialog.allowance.setText("12.345")
    else:
        dialog.tiers_box.setChecked(True)
        dialog.add_tier("abc", "0")
        dialog.add_tier("", "0.1000")
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        dialog.publish_button.click()
    message = failed.args[0]
    assert message.startswith(field), message
    assert dialog.error.text() == message
    if case == "backdated":
        assert "past" in message
    if case == "incomplete":
        assert "10:00–12:00" in message
    assert dialog.asked == []  # refused before the confirmation
    assert versions(park, TOU) == 1


def test_the_service_refuses_a_backdated_version_the_form_let_through(qtbot, park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(park)
    window = open_window(qtbot, park, admin)
    dialog = editor(qtbot, window, TOU)
    # the form's clock says tomorrow is fine; the service, a day later, does not
    data = dialog.definition()
    later = datetime.now(window.zone) + timedelta(days=3)
    with pytest.raises(LedgerError, match="cannot start in the past"):
        publish_version(park, admin, TOU, data, now=later)
    assert versions(park, TOU) == 1
    dialog.close()
    window.close()


def test_a_dormitory_version_grants_a_base_allowance(qtbot, park) -> None:  # type: ignore[no-untyped-def]
    """基础电量: typed in the editor, stored on the version, shown in the tariff list."""
    admin, _ = people(park)
    window = open_window(qtbot, park, admin)
    dialog = editor(qtbot, window, "学生宿舍电价")
    assert dialog.allowance.text() == ""  # the demo's dormitory tariff grants none
    dialog.allowance.setText("20")
    dialog.set_start(tomorrow_midnight(window.zone))
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        dialog.publish_button.click()
    with park.read() as s:
        row = s.scalars(select(TariffVersionRow).order_by(TariffVersionRow.id.desc())).first()
        assert row.definition["allowance_kwh"] == "20.00"
        assert row.definition["tiers"]  # the blocks were kept from the prefill
    window.select("学生宿舍电价")
    last = window.versions.rowCount() - 1
    texts = [window.versions.item(last, c).text() for c in range(window.versions.columnCount())]
    assert any("20 kWh free" in t for t in texts), texts
    # the next version starts from this one: the allowance is prefilled
    again = editor(qtbot, window, "学生宿舍电价")
    assert again.allowance.text() == "20.00"
    again.close()
    dialog.close()
    window.close()


def test_holidays_are_edited_in_the_editor(qtbot, park) -> None:  # type: ignore[no-untyped-def]
    """节假日: typed with any usual separator, stored sorted; a bad date is named."""
    admin, _ = people(park)
    window = open_window(qtbot, park, admin)
    dialog = editor(qtbot, window, TOU)
    dialog.set_start(tomorrow_midnight(window.zone))
    dialog.holidays.setPlainText("2027-01-01，2026-12-31\n2027-13-01")
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        dialog.publish_button.click()
    assert failed.args[0].startswith("Holidays") and "2027-13-01" in failed.args[0]
    assert versions(park, TOU) == 1
    dialog.holidays.setPlainText("2027-01-01，2026-12-31 2027-01-01")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        dialog.publish_button.click()
    with park.read() as s:
        row = s.scalars(select(TariffVersionRow).order_by(TariffVersionRow.id.desc())).first()
    assert row.definition["holidays"] == ["2026-12-31", "2027-01-01"]
    again = editor(qtbot, window, TOU)  # the next version starts from these
    assert again.holidays.toPlainText() == "2026-12-31, 2027-01-01"
    again.close()
    dialog.close()
    window.close()
