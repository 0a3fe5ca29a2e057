"""Screenshots of the Billing window (计费) for the user guide.

``python -m app.ui.billing_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`billing_shots`) builds a throw-away demo park with its history (readings, so the
loss and common-use schemes have something to share) and its schemes and fee items, posts
last quarter's shop rent (bills) and last month's property fee, reverses one run, then
saves ``billing-<page>-<lang>[-150].png`` at 1280x800: the definitions, the fee editor
refusing a bad amount, the scheme editor, a loss scheme's preview with the history, and the
open bills. Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def _seed_runs(db: Any, admin: Any, today: date) -> None:
    """Last month's property fee posted and reversed then posted again; the shop rent of
    the quarter that holds last month posted as bills; a 垃圾费 billed for the two months
    before (so the history and the bills page have rows, some overdue)."""
    from app.billing import fees, runs
    from app.billing.feerun import period_key

    month_start = today.replace(day=1) - timedelta(days=1)
    before = month_start.replace(day=1) - timedelta(days=1)
    rubbish = fees.add_fee(
        db,
        admin,
        "垃圾费",
        {"amount_kind": "fixed", "amount": "30.00", "scope": {"park": True},
         "period": "monthly", "day": 1, "mode": "bill", "due_days": 10},
        before.replace(day=1),
    )  # fmt: skip
    for day in (before, month_start):
        runs.post(db, admin, rubbish.source, period_key("monthly", day.replace(day=1)))
    by_name = {f.name: f for f in fees.list_fees(db, admin)}
    posted: list[int] = []
    for name, period in (("物业费", "monthly"), ("商铺房租", "quarterly")):
        item = by_name.get(name)
        if item is None:
            continue
        key = period_key(period, month_start.replace(day=1))
        try:
            posted.append(runs.post(db, admin, item.source, key).id)
        except runs.BillingRunError:
            continue  # already posted by the demo, or not in force: the shots show what is
    if posted:
        runs.reverse(db, admin, posted[0], "面积录入有误，重新结算")
        item = by_name["物业费"]
        runs.post(db, admin, item.source, period_key("monthly", month_start.replace(day=1)))


def billing_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The Billing window's pages on a demo park with history, at 1280x800."""
    from app.db import open_database
    from app.demo import build_demo
    from app.security import create_first_admin

    from .billing import BillingWindow
    from .screenshots import loop_wait, pause

    saved: list[Path] = []
    today = datetime.now(ZONE).date()

    def shot(widget: Any, name: str) -> None:
        pause(app, 400)
        path = out / f"billing-{name}-{lang}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/billing.sqlite")
        build_demo(db, rooms=120, history=True)
        admin = create_first_admin(db, "admin", "管理员", uuid.uuid4().hex)
        _seed_runs(db, admin, today)
        window = BillingWindow(db, admin, ZONE, today=today)
        window.resize(1280, 800)
        window.show()
        window.load()
        loop_wait(window.definitions.loaded, 60_000)
        shot(window, "definitions")
        editor = window.definitions.open_editor("fee")
        editor.name.setText("服务费")  # 垃圾费 is taken: the shot is of the amount refused
        editor.amount.setText("12.505")
        editor.save()
        loop_wait(editor.refused)
        shot(editor, "fee-editor")
        editor.reject()
        editor = window.definitions.open_editor("scheme")
        _scheme_form(editor)
        shot(editor, "scheme-editor")
        editor.reject()
        window.tabs.setCurrentWidget(window.runs)
        runs = window.runs
        runs.load_sources()
        loop_wait(runs.sources_loaded)
        loss = [
            r for r in range(runs.sources.rowCount()) if "损耗" in runs.sources.item(r, 0).text()
        ]
        runs.sources.selectRow(loss[0] if loss else 0)
        runs.preview()
        loop_wait(runs.previewed, 60_000)
        shot(window, "runs")
        window.tabs.setCurrentWidget(window.bills)
        shot(window, "bills")
        window.close()
        db.dispose()
    return saved


def _scheme_form(editor: Any) -> None:
    """A new scheme being filled in: the first building's loss and common use, its lift
    meter ticked in the picker (the meters are named, not numbered)."""
    from PySide6.QtCore import Qt

    editor.name.setText("1号厂房 损耗与公耗")
    editor.scope.setCurrentIndex(editor.scope.findData("buildings"))
    editor.places.item(0).setCheckState(Qt.CheckState.Checked)
    editor.source.setCurrentIndex(editor.source.findData("both"))
    listed = editor.common.listed()
    if listed:
        editor.common.set_checked(listed[-1])


def main(argv: list[str]) -> int:
    """``python -m app.ui.billing_shots [DIR]``: only these shots (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, billing_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
