"""The alarms dock: filters by kind and building on the rows in memory; the alert for
level-3 alarms and offline storms (one per storm, rate-limited), and its mute."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.livedata import EventRow
from app.models import Building, Event, Floor, Role, Room
from app.security import Actor
from app.sitetree import load_tree
from app.ui.alarms import AlarmsDock

ZONE = ZoneInfo("Asia/Shanghai")
ADMIN = Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1")
_ids = itertools.count(100_000)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def dock(qtbot, db) -> AlarmsDock:  # type: ignore[no-untyped-def]
    alarms = AlarmsDock(db, ADMIN, ZONE)
    qtbot.addWidget(alarms)
    alarms.show()
    return alarms


def row(kind: str, level: int, link: str = "总线 2", building: int | None = None) -> EventRow:
    return EventRow(
        next(_ids), datetime.now(UTC), level, kind, "A / 1F / 101", None, "", False, building, link
    )


def test_filter_by_kind_and_by_building(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.write() as s:
        buildings = s.scalars(select(Building.id).order_by(Building.id)).all()[:2]
        rooms = {
            b: s.scalars(
                select(Room.id).join(Floor).where(Floor.building_id == b).order_by(Room.id)
            ).first()
            for b in buildings
        }
        for b in buildings:
            for kind, level in (("balance.alarm", 3), ("relay.changed", 1), ("meter.offline", 2)):
                s.add(Event(kind=kind, level=level, room_id=rooms[b], message=f"{kind} in {b}"))
    with demo_db.read() as s:
        parks = load_tree(s)
    alarms = dock(qtbot, demo_db)
    alarms.set_buildings(parks)
    with qtbot.waitSignal(alarms.loaded, timeout=10_000):
        alarms.load()
    assert alarms.table.rowCount() == 6
    alarms.kind.setCurrentIndex(alarms.kind.findData("balance.alarm"))
    assert alarms.table.rowCount() == 2
    texts = [alarms.table.item(r, 3).text() for r in range(2)]
    assert all(t.startswith("Low balance") for t in texts)
    alarms.building.setCurrentIndex(alarms.building.findData(buildings[1]))
    assert alarms.table.rowCount() == 1
    assert alarms.table.item(0, 3).text().endswith(f"balance.alarm in {buildings[1]}")
    alarms.kind.setCurrentIndex(0)  # all kinds of that building
    shown = {alarms.table.item(r, 3).text() for r in range(alarms.table.rowCount())}
    assert len(shown) == 3 and all(t.endswith(f"in {buildings[1]}") for t in shown)
    # a live event of the other building is kept but not shown; one of this building is
    alarms.add_events([row("meter.reset", 2, building=buildings[0])])
    assert alarms.table.rowCount() == 3
    alarms.add_events([row("meter.reset", 2, building=buildings[1])])
    assert alarms.table.rowCount() == 4
    alarms.building.setCurrentIndex(0)
    assert alarms.table.rowCount() == 8


def test_a_level_3_alarm_alerts_once_and_a_storm_of_50_is_one_alert(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    alarms = dock(qtbot, db)
    clock = Clock()
    alarms.notifier.policy.clock = clock
    alarms.notifier.sound = lambda: None
    alerts: list[str] = []
    alarms.notifier.alerted.connect(lambda _alert, text: alerts.append(text))
    alarms.add_events([row("balance.alarm", 3), row("relay.changed", 1)])
    assert len(alerts) == 1 and alerts[0].startswith("Level-3 alarm")
    assert alarms.banner.isVisible() and alarms.banner.flashing
    assert alarms.notifier.beeps == 1
    clock.now += 31  # after the quiet time
    for _ in range(10):  # 50 meters of bus 2 drop within ten seconds
        alarms.add_events([row("meter.offline", 2) for _ in range(5)])
        clock.now += 1
        alarms.notifier.tick()
    assert len(alerts) == 2
    # "meter(s)" without the English translation loaded, "meters" with it
    assert alerts[1].startswith("5 meter") and alerts[1].endswith("went offline on 总线 2")
    assert alarms.banner.label.text().startswith("50 meter")  # the storm grew, one alert
    assert alarms.notifier.beeps == 2
    clock.now += 100
    alarms.notifier.tick()
    assert len(alerts) == 2
    alarms.banner.dismiss.click()
    assert not alarms.banner.isVisible()


def test_mute_silences_the_sound_but_not_the_banner(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    alarms = dock(qtbot, db)
    beeps: list[int] = []
    alarms.notifier.sound = lambda: beeps.append(1)
    assert alarms.sound.isChecked()
    alarms.sound.setChecked(False)
    alarms.add_events([row("balance.alarm", 3)])
    assert beeps == [] and alarms.notifier.beeps == 0
    assert alarms.banner.isVisible() and "Level-3 alarm" in alarms.banner.label.text()
    again = dock(qtbot, db)  # the mute is remembered (QSettings)
    assert not again.sound.isChecked() and again.notifier.muted
    again.sound.setChecked(True)
    again.notifier.sound = lambda: beeps.append(1)
    again.add_events([row("balance.alarm", 3)])
    assert beeps == [1]
