"""Screenshots of the Batches window (批量任务) and the tree's "Batch…" dialog.

``python -m app.ui.batches_shots DIR`` (and ``app.ui.screenshots``) builds a throw-away demo
park, creates a few batches through ``app.batch`` (a clock sync over a floor, a relay cut
over a building, a tariff assignment naming no tariff so its items fail, a fee waiting for
approval, a guaranteed supply scheduled for tomorrow), runs the real collector over the
demo's simulated buses until the cut is part-way, pauses it, and saves
``batches-list-<lang>[-150].png`` and ``batches-dialog-<lang>[-150].png`` at 1280x800.
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
    from .batches_dialog import BatchDialog
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
        window = BatchesWindow(db, admin, ZONE)
        window.resize(1280, 800)
        window.show()
        window.load()
        loop_wait(window.loaded, 60_000)
        window.select_batch(cut)
        loop_wait(window.detail_loaded, 60_000)
        shot(window, "list")
        dialog = BatchDialog(db, admin, ZONE, let[:6])
        dialog.resize(640, 520)
        dialog.show()
        dialog.run_preview()
        loop_wait(dialog.previewed, 60_000)
        shot(dialog, "dialog")
        dialog.close()
        window.close()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.batches_shots [DIR]``: only these shots (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, batches_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
