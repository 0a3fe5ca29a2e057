"""Screenshots of the Time control window (时间控制) for the user guide.

``python -m app.ui.timecontrol_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`timecontrol_shots`) builds a throw-away demo park, marks its tenant meters online,
adds two floor timetables (lights-out 23:00 / power back 06:30 with a holiday in the
coming week; a later term with its own times), puts one room under guaranteed supply and
runs last night's due check, then saves ``timecontrol-<page>-<lang>[-150].png`` at
1280x800: the list, the editor refusing a timetable without a place, the calendar of a
floor (holiday, held room) and a room's history. Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def _seed(db: Any, admin: Any, today: Any) -> str:
    """Meters online, two timetables, a guaranteed room, last night's check; the room
    whose history is shown."""
    from sqlalchemy import select

    from app.models import (
        CommandStatus,
        Floor,
        Meter,
        MeterCommand,
        MeterState,
        RelayControl,
        RelayState,
        Room,
    )
    from app.timecontrol import store
    from app.timecontrol.execute import REASON, DueCheck, rule_of
    from app.timecontrol.plan import HOLIDAY, DayRule, Plan

    with db.write() as s:
        have = set(s.scalars(select(MeterState.meter_id)))
        for meter_id in s.scalars(select(Meter.id).where(Meter.room_id.is_not(None))):
            if meter_id not in have:
                s.add(MeterState(meter_id=meter_id, online=True, relay=RelayState.CLOSED))
        for state in s.scalars(select(MeterState)):
            state.online, state.relay, state.guaranteed = True, RelayState.CLOSED, False
        floors = dict(s.execute(select(Floor.name, Floor.id)).tuples().all())
        rooms = s.execute(
            select(Room.number, Meter.id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Room.floor_id == floors["2F"])
            .order_by(Room.number)
        ).all()
        s.get(MeterState, rooms[0][1]).guaranteed = True  # 保电
    night = [DayRule(d, time(23, 0), time(6, 30)) for d in range(5)]
    weekend = [DayRule(d, time(23, 30), time(7, 0)) for d in (5, 6)]
    first = store.add_timetable(
        db,
        admin,
        Plan(0, "2F 熄灯", "floor", (floors["2F"],), today - timedelta(days=3), None,
             (*night, *weekend), frozenset({today + timedelta(days=2)}), "学期作息"),
    )  # fmt: skip
    store.add_timetable(
        db,
        admin,
        Plan(0, "3F 假期", "floor", (floors["3F"],), today, today + timedelta(days=60),
             (DayRule(HOLIDAY, time(22, 0), time(8, 0)), *night), frozenset(), "寒假值班"),
    )  # fmt: skip
    last_night = datetime.combine(today - timedelta(days=1), time(23, 45), tzinfo=ZONE)
    DueCheck(db, admin, ZONE).run(last_night.astimezone(UTC))
    with db.write() as s:  # what the collector stores once the meters obeyed
        for command in s.scalars(select(MeterCommand)):
            command.status = CommandStatus.CONFIRMED
        for _number, meter_id in rooms[1:]:
            s.get(MeterState, meter_id).relay = RelayState.OPEN
            s.merge(RelayControl(meter_id=meter_id, cut_reason=REASON, rule=rule_of(first.id)))
    morning = datetime.combine(today, time(7, 5), tzinfo=ZONE)
    DueCheck(db, admin, ZONE).run(morning.astimezone(UTC))
    return str(rooms[1][0])


def timecontrol_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The window's pages on a demo park, at 1280x800."""
    from app.db import open_database
    from app.demo import build_demo
    from app.security import create_first_admin

    from .screenshots import loop_wait, pause
    from .timecontrol import TimeControlWindow

    saved: list[Path] = []
    today = datetime.now(ZONE).date()

    def shot(widget: Any, name: str) -> None:
        pause(app, 400)
        path = out / f"timecontrol-{name}-{lang}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/timecontrol.sqlite")
        build_demo(db, rooms=60, opening_balances=False)
        admin = create_first_admin(db, "admin", "管理员", uuid.uuid4().hex)
        room = _seed(db, admin, today)
        window = TimeControlWindow(db, admin, ZONE, today=today)
        window.resize(1280, 800)
        window.show()
        window.load()
        loop_wait(window.calendar.loaded, 60_000)
        shot(window, "timetables")
        editor = window.timetables.open_editor()
        editor.name.setText("4F 熄灯")
        editor.scope.setCurrentIndex(editor.scope.findData("floor"))
        editor.holidays.setText((today + timedelta(days=5)).isoformat())
        editor.save()
        loop_wait(editor.refused)
        shot(editor, "editor")
        editor.reject()
        window.tabs.setCurrentWidget(window.calendar)
        window.calendar.choose("1号厂房/2F")
        window.calendar.load()
        loop_wait(window.calendar.loaded)
        shot(window, "calendar")
        window.tabs.setCurrentWidget(window.history)
        window.history.choose(f"1号厂房/2F/{room}")
        window.history.load()
        loop_wait(window.history.loaded)
        shot(window, "history")
        window.close()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.timecontrol_shots [DIR]`` (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, timecontrol_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
