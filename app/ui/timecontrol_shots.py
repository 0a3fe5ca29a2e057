"""Screenshots of the Time control window (时间控制) for the user guide.

``python -m app.ui.timecontrol_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`timecontrol_shots`) builds a throw-away demo park, marks its tenant meters online,
adds two floor timetables (lights-out 23:00 / power back 06:30 with a holiday in the
coming week; a later term with its own times), puts one room under guaranteed supply and
runs last night's due check, then saves ``timecontrol-<page>-<lang>[-150].png`` at
1280x800: the list, the editor refusing a timetable without a place, the editor showing a
stored timetable to change (``edit``), the calendar of a floor (holiday, held room) and a
room's history. Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def timecontrol_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The window's pages on a demo park, at 1280x800."""
    from app.db import open_database
    from app.demo import build_demo
    from app.security import create_first_admin
    from app.timecontrol.demo import demo_night

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
        room = demo_night(db, admin, today, ZONE)
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
        window.timetables.table.selectRow(0)
        stored = window.timetables.edit_chosen()  # a stored timetable, open to be changed
        if stored is not None:
            shot(stored, "edit")
            stored.reject()
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
