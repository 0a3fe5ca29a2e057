"""How long do the site sheet's preview, import and export take for 10,000 rows, and does
the preview window stay usable? (issue 14, item 1)

On a real SQLite file (migrations, WAL) with a 480-room demo park: a 10,000-room sheet
(new buildings, two of three rooms let, a Modbus meter each) is previewed (CSV and XLSX),
applied in one transaction while a cashier's recharge is tried in the middle, exported
back (CSV and XLSX) and previewed again (all unchanged). With ``--gui`` (offscreen Qt) the
preview's 10,000 rows are put into the window's table and the "errors only" filter is
toggled, timed on the GUI thread. The load average is printed next to every figure.

    .venv/bin/python bench/site_sheet.py [--rows 10000] [--gui]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from keyring.backend import KeyringBackend

from app.db import open_database
from app.demo import build_demo
from app.ledger.recharge import RechargeRequest, recharge
from app.security import create_first_admin
from app.security.passwords import HashParams, configure_hashing
from app.sitesheet import ExportResult, SheetPreview, apply_sheet, export_site, preview_sheet

HEADER = ["building", "floor", "room", "tenant", "meter_address", "link", "profile", "billing_mode"]


class BenchKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(label: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    print(f"{label:<44} {time.perf_counter() - started:7.2f} s   load {load()}")
    return result


def sheet(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            out.writerow(
                [
                    f"导入{i // 500 + 1}栋",
                    f"{(i // 50) % 10 + 1}F",
                    f"{i:05d}",
                    f"租户{i:05d}" if i % 3 else "",
                    str(i % 200 + 1),
                    f"socket://10.1.{i // 200}.1:4001",
                    "sim-prepaid-modbus",
                    "platform",
                ]
            )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--gui", action="store_true", help="also time the window's table")
    args = parser.parse_args()
    keyring.set_keyring(BenchKeyring())
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.sqlite")
        build_demo(db, rooms=480)
        admin = create_first_admin(db, "admin", "管理员", "Bench-2026!x")
        csv_sheet = sheet(Path(tmp) / "big.csv", args.rows)
        preview = timed(
            f"preview, {args.rows} new rows (CSV)", lambda: preview_sheet(db, csv_sheet, admin)
        )
        assert preview.ok, preview.issues[:3]
        waited: list[float] = []

        def cashier() -> None:  # a recharge while the import holds the write lock
            time.sleep(0.3)
            started = time.perf_counter()
            recharge(db, admin, RechargeRequest("10", "cash", uuid.uuid4().hex, room_id=1))
            waited.append(time.perf_counter() - started)

        thread = threading.Thread(target=cashier)
        thread.start()
        report = timed("apply, one transaction", lambda: apply_sheet(db, csv_sheet, admin))
        thread.join()
        print(f"  a recharge started 0.3 s into the apply took {waited[0]:.2f} s   load {load()}")
        assert report.created == args.rows
        for suffix in ("csv", "xlsx"):
            out = Path(tmp) / f"site.{suffix}"
            result: ExportResult = timed(
                f"export the whole site ({suffix})", partial(export_site, db, out, admin)
            )
            again: SheetPreview = timed(
                f"preview {result.rows} unchanged rows ({suffix})",
                partial(preview_sheet, db, out, admin),
            )
            assert again.ok and again.counts()["unchanged"] == result.rows
        if args.gui:
            gui(again)
        db.dispose()
    return 0


def gui(preview: Any) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.models import Role
    from app.security import Actor
    from app.ui.bridge import Worker
    from app.ui.site_sheet import SiteSheetWindow

    app = QApplication.instance() or QApplication([])
    worker = Worker()
    window = SiteSheetWindow(None, Actor(None, "b", "b", Role.ADMIN, "d"), worker)
    window.resize(1280, 800)
    window.show()

    def show() -> None:
        window._previewed(preview)
        app.processEvents()

    def errors_only(on: bool) -> None:
        window.errors_only.setChecked(on)
        app.processEvents()

    def paint_end() -> None:
        window.table.scrollToBottom()
        window.table.viewport().repaint()
        app.processEvents()

    timed(f"window: show {len(preview.rows)} preview rows", show)
    timed("window: errors only on", lambda: errors_only(True))
    timed("window: errors only off", lambda: errors_only(False))
    timed("window: scroll to the end and paint", paint_end)
    window.close()


if __name__ == "__main__":
    sys.exit(main())
