"""Screenshots of a desk whose buses another desk runs (several desks, issue 20).

``python -m app.ui.desks_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`desks_shots`) builds a throw-away demo park whose collector lease is held by the
cashier's desk (收银台2) with the duty room's PC (值班室) waiting as a standby, opens the
main window of a third desk (it runs no collector: the lease is held) and saves
``desks-main-<lang>[-150].png`` (the window at 1280x800) and ``desks-status-<lang>[-150].png``
(its status bar). Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any


def desks_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The main window of a desk that does not run the collector, and its status bar."""
    from app.collector import CollectorConfig
    from app.collector.lease import Lease
    from app.db import open_database
    from app.demo import build_demo
    from app.security import Actor, Role

    from .screenshots import bare_main_window, loop_wait, pause

    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/desks.sqlite")
        build_demo(db, rooms=60, opening_balances=False)
        holder = Lease(db, ttl=600, workstation="收银台2")
        holder.try_take()
        standby = Lease(db, ttl=600, workstation="值班室")
        standby.try_take()  # recorded as a standby
        window = bare_main_window(db, Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1"))
        window.resize(1280, 800)
        window.show()
        window.reload()
        loop_wait(window.tree_loaded)
        window.start_collector(CollectorConfig())
        loop_wait(window.collector_started)
        window.bus_status.refresh()
        loop_wait(window.bus_status.refreshed)
        pause(app, 500)
        for name, widget in (("main", window), ("status", window.statusBar())):
            path = out / f"desks-{name}-{lang}{suffix}.png"
            widget.grab().save(str(path))
            saved.append(path)
        window.close()
        standby.release()
        holder.release()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.desks_shots [DIR]`` (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, desks_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
