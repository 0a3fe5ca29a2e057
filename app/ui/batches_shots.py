"""Screenshots of the Batches window (批量任务) and the tree's "Batch…" dialog.

``python -m app.ui.batches_shots DIR`` (and ``app.ui.screenshots``) builds a throw-away demo
park, creates a few batches through ``app.batch`` (a clock sync over a floor, a relay cut
over a building, a tariff assignment naming no tariff so its items fail, a fee waiting for
approval, a guaranteed supply scheduled for tomorrow), runs the real collector over the
demo's simulated buses until the cut is part-way, pauses it, and saves at 1280x800:
``batches-list-<lang>[-150].png`` (a clock sync scheduled over the floor of the one that
finished shows its estimate), ``batches-dialog-<lang>`` (a relay cut's preview),
``batches-params-<lang>`` (the meter parameters form with an error by its field),
``batches-sheet-errors-<lang>`` (a recharge sheet refused with every error by row and
column) and ``batches-sheet-<lang>`` (a clean base-allowance sheet created, waiting for
the second administrator).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def _seed(db: Any, admin: Any) -> tuple[int, list[int]]:
    """The batches of the shot; returns the relay cut's id and some let rooms' ids."""
    from app import batch as batches
    from app.livedata.site import read_park

    park = read_park(db)[0]
    first, second = park.buildings[0], park.buildings[-1]
    floor = f"{first.name}/{first.floors[0].name}"
    let = [r.id for f in first.floors for r in f.rooms if r.tenant]
    req = batches.BatchRequest
    batches.create(db, admin, req("clock", batches.Selection(floor=floor)))
    cut = batches.create(db, admin, req("cut", batches.Selection(building=second.name)))
    batches.create(
        db,
        admin,
        req("tariff", batches.Selection(room_ids=tuple(let[:3])), params={"tariff": "夏季电价"}),
    )
    fee = {"item": "垃圾费", "amount": "30.00"}
    with contextlib.suppress(batches.BatchError):  # a room without an account: no fee shot
        batches.create(
            db, admin, req("fee", batches.Selection(room_ids=tuple(let[:6])), params=fee)
        )
    tomorrow = (datetime.now(ZONE) + timedelta(days=1)).replace(hour=8, minute=0, second=0)
    batches.create(
        db,
        admin,
        req(
            "guarantee_on",
            batches.Selection(building=first.name),
            run_at=tomorrow.astimezone(UTC),
        ),
    )
    return cut, let


def _schedule_clock(db: Any, admin: Any) -> None:
    """A clock sync over the same floor tomorrow: waiting, with the pace of its buses
    from the one that ran."""
    from app import batch as batches
    from app.livedata.site import read_park

    first = read_park(db)[0].buildings[0]
    floor = f"{first.name}/{first.floors[0].name}"
    tomorrow = (datetime.now(ZONE) + timedelta(days=1)).replace(hour=7, minute=0, second=0)
    batches.create(
        db,
        admin,
        batches.BatchRequest(
            "clock", batches.Selection(floor=floor), run_at=tomorrow.astimezone(UTC)
        ),
    )


def _sheets(db: Any, folder: Path) -> tuple[Path, Path]:
    """A recharge sheet with mistakes (unknown room, bad amounts, a room twice) and a clean
    base-allowance sheet over let rooms of the demo park (building, room, amount)."""
    from app.livedata.site import read_park

    building = read_park(db)[0].buildings[0]
    let = [r.number for f in building.floors for r in f.rooms if r.tenant][:8]
    head = "楼栋,房间,金额\n"
    bad = [(let[0], "50.00"), ("9999", "20.00"), (let[1], "二十"), (let[2], "-5"),
           (let[0], "10.00"), (let[3], "0.001"), ("", "30.00")]  # fmt: skip
    good = [(number, f"{30 + 2.5 * i:.2f}") for i, number in enumerate(let)]
    paths = []
    for name, rows in (("bad.csv", bad), ("allowance.csv", good)):
        path = folder / name
        body = "".join(f"{building.name},{room},{amount}\n" for room, amount in rows)
        path.write_text(head + body, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def _dialog_shots(app: Any, db: Any, admin: Any, let: list[int], folder: Path, shot: Any) -> None:
    """The dialog: a relay preview, the params form with a field's error, a sheet's errors,
    and a clean sheet created and waiting for approval."""
    from app import batch as batches
    from app.livedata.site import read_park

    from .batches_dialog import BatchDialog
    from .screenshots import loop_wait

    def dialog(selection: Any) -> Any:
        made = BatchDialog(db, admin, ZONE, selection)
        made.resize(860, 700)
        made.show()
        return made

    first = read_park(db)[0].buildings[0]
    relay = dialog(let[:6])
    relay.run_preview()
    loop_wait(relay.previewed, 60_000)
    shot(relay, "dialog")
    relay.close()
    params = dialog(batches.Selection(floor=f"{first.name}/{first.floors[0].name}"))
    params.action.setCurrentIndex(params.action.findData("params"))
    for name, value in (("alarm_1", "20.00"), ("alarm_2", "30.00"), ("max_balance", "500"),
                        ("price_3", "0.6500"), ("price_4", "0.3")):  # fmt: skip
        params.params.edits[name].setText(value)
    params.run_preview()
    shot(params, "params")
    params.close()
    bad, good = _sheets(db, folder)
    for path, name in ((bad, "sheet-errors"), (good, "sheet")):
        sheet = dialog(None)
        sheet.action.setCurrentIndex(sheet.action.findData("recharge"))
        if name == "sheet":
            sheet.sheet.purpose.setCurrentIndex(1)  # base allowance
        sheet.sheet.set_path(path)
        sheet.run_preview()
        loop_wait(sheet.refused if name == "sheet-errors" else sheet.previewed, 60_000)
        if name == "sheet":
            sheet.run_create()
            loop_wait(sheet.created, 60_000)
        shot(sheet, name)
        sheet.close()


def _run_until_part_way(app: Any, db: Any, admin: Any, cut: int) -> None:
    """The demo's buses under the real collector until the cut is about 40 % done."""
    from app import batch as batches
    from app.collector import Collector, CollectorConfig

    from .screenshots import pause

    collector = Collector(db, CollectorConfig(timezone=str(ZONE)))
    collector.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pause(app, 300)
            summary = batches.batch_detail(db, admin, cut).summary
            if summary.progress >= 0.4:
                break
        batches.set_paused(db, admin, cut, True)
        pause(app, 2000)  # the items already sent finish
    finally:
        collector.stop()


def batches_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The Batches window and the "Batch…" dialog on a demo park, at 1280x800."""
    from app.db import open_database
    from app.demo import build_demo
    from app.security import create_first_admin

    from .batches import BatchesWindow
    from .screenshots import loop_wait, pause

    saved: list[Path] = []

    def shot(widget: Any, name: str) -> None:
        pause(app, 400)
        path = out / f"batches-{name}-{lang}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/batches.sqlite")
        build_demo(db, rooms=120)
        admin = create_first_admin(db, "wang", "王晓梅", uuid.uuid4().hex)
        cut, let = _seed(db, admin)
        _run_until_part_way(app, db, admin, cut)
        _schedule_clock(db, admin)
        window = BatchesWindow(db, admin, ZONE)
        window.resize(1280, 800)
        window.show()
        window.load()
        loop_wait(window.loaded, 60_000)
        window.select_batch(cut)
        loop_wait(window.detail_loaded, 60_000)
        shot(window, "list")
        _dialog_shots(app, db, admin, let, Path(tmp), shot)
        window.close()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.batches_shots [DIR]``: only these shots (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, batches_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
