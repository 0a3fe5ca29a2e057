"""Screenshots of Settings → Load control (负载控制) and the room detail's Load control tab,
for the user guide's dormitory section.

``python -m app.ui.settings_load_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`load_shots`) builds a throw-away demo park (its dorm buildings under load control),
adds a whitelist entry by hand, learns one through the rules, starts learning in a room,
gives one room a limit of 0 automatic restores and cuts a forbidden load there, then saves
``load-<scene>-<lang>[-150].png`` at 1280x800: the rules, the appliance library, the
whitelist, learning mode, the page a cashier sees, the room that needs the manager and the
wall with its badge (``load-wall``). Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def load_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The Load control page's tabs, a cashier's view and a room needing the manager."""
    from app.db import open_database
    from app.demo import build_demo
    from app.security import Role, add_operator, create_first_admin, login

    from .room_detail import RoomDetailPanel
    from .screenshots import loop_wait, main_window, pause
    from .settings import SettingsDialog

    saved: list[Path] = []

    def shot(widget: Any, name: str) -> None:
        pause(app, 400)
        path = out / f"load-{name}-{lang}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/load.sqlite")
        build_demo(db, rooms=100, opening_balances=False)
        password = uuid.uuid4().hex
        admin = create_first_admin(db, "admin", "宿管王老师", password)
        add_operator(db, admin, "cashier", "收银员", Role.CASHIER, password)
        room_id, building_id = _scene(db, admin)
        dialog = SettingsDialog(db, admin)
        dialog.resize(1280, 800)
        dialog.show()
        page = dialog.load_control
        dialog.show_page(page)
        page.load()
        loop_wait(page.loaded)
        if page.building_id() != building_id:
            page.building.setCurrentIndex(page.building.findData(building_id))
            loop_wait(page.loaded)
        shot(dialog, "rules")
        for name, tab in (
            ("library", page.library),
            ("whitelist", page.whitelist),
            ("learning", page.learning),
        ):
            page.tabs.setCurrentWidget(tab)
            shot(dialog, name)
        dialog.close()
        cashier = login(db, "cashier", password)
        greyed = SettingsDialog(db, cashier)
        greyed.resize(1280, 800)
        greyed.show()
        greyed.show_page(greyed.load_control)
        greyed.load_control.load()
        loop_wait(greyed.load_control.loaded)
        shot(greyed, "cashier")
        greyed.close()
        panel = RoomDetailPanel(db, admin, ZONE)
        panel.resize(1280, 800)
        panel.show()
        panel.lower_tabs.setCurrentWidget(panel.load_control)
        panel.set_room(room_id)
        loop_wait(panel.load_control.loaded)
        loop_wait(panel.shown)
        shot(panel, "room")
        panel.wait()
        panel.close()
        window = main_window(db, admin, building_id)  # the wall: the room's tile has a badge
        pause(app, 1500)
        shot(window, "wall")
        window.close()
        db.dispose()
    return saved


def _scene(db: Any, admin: Any) -> tuple[int, int]:
    """Whitelist entries, a learned fridge, a room learning, and a room that needs the
    manager after a forbidden load (its override allows no automatic restore). Returns
    that room's id and its building's."""
    from app.loadcontrol.panel import (
        add_entry,
        building_panel,
        controlled_buildings,
        learn,
        room_and_meter,
        save_config,
    )
    from app.loadcontrol.rules import LoadRules
    from app.loadcontrol.signals import Detection, LoadStep, Verdict
    from app.loadcontrol.store import LoadConfig

    building_id = controlled_buildings(db)[0]
    rooms = building_panel(db, building_id).rooms
    add_entry(db, admin, building_id, "", "饮水机（楼层公用）", 550, 0.99)
    add_entry(db, admin, building_id, rooms[3], "医用制氧机", 320, 0.93)
    room_id, target = room_and_meter(db, building_id, rooms[0])
    fridge = room_and_meter(db, building_id, rooms[5])[1]
    assert target is not None and fridge is not None
    rules = LoadRules(db, admin, ZONE)
    learn(db, admin, rooms[5], "冰箱")
    now = datetime.now(UTC)
    rules.handle(
        [
            Detection(
                fridge, now, Verdict.ALLOWED, "fridge", 0.9,
                LoadStep(fridge, now, 118.0, 0.82, 45.0, 163.0),
            )
        ]
    )  # fmt: skip
    learn(db, admin, rooms[7], "台式电脑")
    save_config(db, admin, building_id, LoadConfig(restore_limit=0), rooms[0])
    steps = (
        (Verdict.WHITELISTED, "laptop", 65.0, 0.6, 40.0, "platform", None),
        (Verdict.FORBIDDEN, "immersion_heater", 1780.0, 0.99, 105.0, "platform", None),
        (Verdict.FORBIDDEN, None, 0.0, 1.0, 0.0, "meter", "malicious_load"),
    )
    for n, (verdict, appliance, dw, pf, before, source, event) in enumerate(steps):
        at = now - timedelta(minutes=30 - 10 * n)
        step = None if source == "meter" else LoadStep(target, at, dw, pf, before, before + dw)
        at_rules = LoadRules(db, admin, ZONE, lambda at=at: at)  # the cut time is the step's
        at_rules.handle([Detection(target, at, verdict, appliance, 0.95, step, source, event)])
    return room_id, building_id


def main(argv: list[str]) -> int:
    """``python -m app.ui.settings_load_shots [DIR]`` (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, load_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
