"""Screenshots of the field package window (现场数据包) and the laptop's banner (issue 20).

``python -m app.ui.field_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`field_shots`) builds a throw-away demo office, exports one building from the window
(``field-export-<lang>[-150].png``), works on the package as the laptop would (its main
window with the banner: ``field-laptop-<lang>[-150].png``, its bus ports window:
``field-ports-<lang>[-150].png``; a cash recharge in the field
series), recharges the same meter-side meter at the office meanwhile, then
checks the package in the window (the conflicts listed, nothing applied:
``field-conflicts-<lang>[-150].png``) and accepts (``field-merged-<lang>[-150].png``).
Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

PASSWORD = secrets.token_urlsafe(16)  # throw-away operators of a throw-away office


DORM = "学生公寓1号楼"  # the demo's dormitory: meter-side meters (表端计费)


def _dorm_room(db: Any) -> int:
    """A let room of the dormitory, from the park tree."""
    from app.livedata.site import read_park

    for park in read_park(db):
        for building in park.buildings:
            if building.name == DORM:
                return next(r.id for f in building.floors for r in f.rooms if r.account)
    raise RuntimeError("the demo park has no dormitory")


def _people(db: Any) -> tuple[Any, Any]:
    from app.security import Role, login
    from app.security.operators import add_operator, create_first_admin

    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    add_operator(db, admin, "wang", "王晓梅", Role.CASHIER, PASSWORD)
    return login(db, "admin", PASSWORD), login(db, "wang", PASSWORD)


def _laptop(app: Any, pkg: Path, room: int, out: Path, name: str) -> None:
    """The laptop's day on the package: its window with the banner, a cash recharge."""
    from app.db import Database
    from app.ledger.recharge import RechargeRequest, recharge
    from app.security import login

    from .screenshots import bare_main_window, loop_wait, pause

    laptop = Database(f"sqlite:///{pkg}")
    try:
        cashier = login(laptop, "wang", PASSWORD)
        window = bare_main_window(laptop, cashier)
        window.resize(1280, 800)
        window.show()
        window.reload()
        loop_wait(window.tree_loaded)
        pause(app, 600)
        window.grab().save(str(out / name))
        ports = window.open_field_ports()
        loop_wait(ports.loaded)
        pause(app, 300)
        ports.grab().save(str(out / name.replace("laptop", "ports")))
        ports.close()
        window.close()
        recharge(laptop, cashier, RechargeRequest("50.00", "cash", "shots-field-1", room_id=room))
    finally:
        laptop.dispose()


def field_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The window's export, conflicts and merged views, and the laptop's main window."""
    from app.db import open_database
    from app.demo import build_demo
    from app.ledger.recharge import RechargeRequest, recharge

    from .screenshots import bare_main_window, loop_wait, pause

    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/office.sqlite")
        build_demo(db, rooms=200, opening_balances=False)
        admin, cashier = _people(db)
        room = _dorm_room(db)
        window = bare_main_window(db, admin)
        window.resize(1280, 800)
        window.show()
        window.reload()
        loop_wait(window.tree_loaded)
        dialog = window.open_field_package()
        dialog.resize(1000, 640)
        for i in range(dialog.building_list.count()):
            item = dialog.building_list.item(i)
            if item.text().startswith(DORM):
                item.setCheckState(item.checkState().Checked)
        pkg = Path(tmp) / "现场包-学生公寓.sqlite"
        dialog.output.setText(str(pkg))
        dialog.start_export()
        loop_wait(dialog.exported, 60_000)

        def shot(name: str) -> None:
            pause(app, 300)
            path = out / f"field-{name}-{lang}{suffix}.png"
            dialog.grab().save(str(path))
            saved.append(path)

        shot("export")
        laptop_png = f"field-laptop-{lang}{suffix}.png"
        _laptop(app, pkg, room, out, laptop_png)
        saved += [out / laptop_png, out / laptop_png.replace("laptop", "ports")]
        recharge(db, cashier, RechargeRequest("30.00", "cash", "shots-office-1", room_id=room))
        dialog.tabs.setCurrentIndex(1)
        dialog.package.setText(str(pkg))
        dialog.start_check()
        loop_wait(dialog.checked, 60_000)
        shot("conflicts")
        dialog.confirm_dialog = lambda _q: True
        dialog.start_merge()
        loop_wait(dialog.merged, 60_000)
        shot("merged")
        dialog.close()
        window.close()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.field_shots [DIR]`` (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, field_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
