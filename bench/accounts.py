"""The Accounts window's list at scale: ``python bench/accounts.py [ROOMS]``.

Builds a demo park of ROOMS rooms (default 6,000: about 5,000 accounts) in a temporary
SQLite file, then prints the median of 3 for: reading the list (``list_accounts``), filling
the table model, and filtering it by pinyin initials and by a room number (offscreen Qt).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(rooms: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.accounts import reads
    from app.db import open_database
    from app.demo import build_demo
    from app.ui.accounts import AccountFilter, AccountTableModel

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        build_demo(db, rooms=rooms, opening_balances=False)
        rows = reads.list_accounts(db)
        model, proxy = AccountTableModel(), AccountFilter()
        proxy.setSourceModel(model)
        read = median(lambda: reads.list_accounts(db))
        fill = median(lambda: model.set_rows(rows))
        initials = rows[len(rows) // 2].initials[:3] or "a"
        room = rows[len(rows) // 2].rooms[0].split("/")[-1].strip()

        def search(text: str) -> Callable[[], object]:
            return lambda: (proxy.set_filter(text, False), proxy.rowCount())

        by_initials, by_room = median(search(initials)), median(search(room))
        proxy.set_filter(initials, False)
        hits = proxy.rowCount()
        db.dispose()
    avg = Path("/proc/loadavg")
    load = " ".join(avg.read_text().split()[:3]) if avg.exists() else "?"
    print(f"accounts: {len(rows)} (rooms {rooms}), load average {load}")
    print(f"  list_accounts      {read * 1000:8.1f} ms")
    print(f"  model fill         {fill * 1000:8.1f} ms")
    print(f"  filter {initials!r:10} {by_initials * 1000:8.1f} ms ({hits} rows)")
    print(f"  filter room {room!r:6} {by_room * 1000:8.1f} ms")
    del app


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6000)
