"""The Batches window (批量任务) and the tree's "Batch…", over a real SQLite site.

The site is the collector tests' one building with four meters on an in-process simulated
bus (``sim://``-like ``BusSimulator``); batches are created through ``app.batch`` and run
by the real collector. The window lists them with their counts and progress, follows a
running batch to 100 % by itself (its refresh timer), steers them (cancel, retry failed,
approve by another administrator), greys what a cashier may not do, and exports a batch
to XLSX. The tree's multi-select and "Batch…" dialog preview and create a batch over the
picked rooms, whose progress then shows in the status bar. Every wait is on a signal or
a ``waitUntil``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update

from app.batch import BatchRequest, Selection, batch_detail, create
from app.db import Database
from app.models import Batch, BatchItem, BatchStatus, BillingMode, ItemState
from app.ui.batches import BatchesWindow
from drivers.simulator import BusSimulator, SimClock
from tests.batch.conftest import Staff, items, staff, status  # noqa: F401
from tests.collector.conftest import (  # noqa: F401
    collector_factory,
    fast_config,
    make_site,
    sim,
    sim_clock,
)

ZONE = ZoneInfo("Asia/Shanghai")
WAIT = 30_000


def open_window(qtbot: Any, db: Database, actor: Any) -> BatchesWindow:
    window = BatchesWindow(db, actor, ZONE)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=WAIT):
        window.load()
    return window


def pick(qtbot: Any, window: BatchesWindow, batch_id: int) -> None:
    with qtbot.waitSignal(window.detail_loaded, timeout=WAIT):
        window.select_batch(batch_id)


def row_of(window: BatchesWindow, batch_id: int) -> int:
    return next(r for r, b in enumerate(window.summaries) if b.id == batch_id)


def bar_value(window: BatchesWindow, batch_id: int) -> int:
    return int(window.list.cellWidget(row_of(window, batch_id), 4).value())


def test_a_relay_batch_runs_to_100_percent_in_the_window(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    sim_clock: SimClock,  # noqa: F811
    collector_factory: Any,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    batch_id = create(db, staff.operator, BatchRequest("cut", Selection(building="1号楼")))
    window = open_window(qtbot, db, staff.operator)
    row = row_of(window, batch_id)
    assert window.list.item(row, 5).text() == "queued 4"
    assert bar_value(window, batch_id) == 0
    assert window.refresher.timer.isActive()  # something waits: the window re-reads by itself
    pick(qtbot, window, batch_id)
    assert window.items.rowCount() == 4
    assert window.items.item(0, 1).text().startswith("1号楼/101")
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    qtbot.waitUntil(lambda: bar_value(window, batch_id) == 100, timeout=60_000)
    qtbot.waitUntil(
        lambda: window.current() is not None and window.current().status == "done", timeout=WAIT
    )
    row = row_of(window, batch_id)
    assert window.list.item(row, 3).text() == "done"
    assert window.list.item(row, 5).text() == "done 4"
    qtbot.waitUntil(
        lambda: not window.refresher.timer.isActive(), timeout=WAIT
    )  # nothing left to follow
    qtbot.waitUntil(
        lambda: (
            window.items.rowCount() == 4
            and all(window.items.item(r, 2).text() == "done" for r in range(4))
        ),
        timeout=WAIT,
    )
    # the items' filters: by state, then by text
    with qtbot.waitSignal(window.detail_loaded, timeout=WAIT):
        window.state_filter.setCurrentIndex(window.state_filter.findData("failed"))
    assert window.items.rowCount() == 0
    with qtbot.waitSignal(window.detail_loaded, timeout=WAIT):
        window.state_filter.setCurrentIndex(0)
    assert window.items.rowCount() == 4
    window.text_filter.setText("#3")  # read after a pause in typing
    qtbot.waitUntil(lambda: window.items.rowCount() == 1, timeout=WAIT)
    assert "#3" in window.items.item(0, 1).text()
    window.close()


def test_cancel_and_retry_through_the_window(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    batch_id = create(db, staff.operator, BatchRequest("cut", Selection(building="1号楼")))
    with db.write() as s:  # as if the first meter had not answered (the engine's wording)
        s.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.item_no == 1)
            .values(state=ItemState.FAILED, reason="no answer")
        )
        s.execute(update(Batch).where(Batch.id == batch_id).values(status=BatchStatus.RUNNING))
    window = open_window(qtbot, db, staff.operator)
    pick(qtbot, window, batch_id)
    steer = window.steer
    assert steer.retry.isEnabled() and steer.cancel.isEnabled() and steer.pause.isEnabled()
    assert not steer.resume.isEnabled() and steer.resume.toolTip()
    assert not steer.approve.isEnabled()
    with qtbot.waitSignal(window.acted, timeout=WAIT):
        steer.retry.click()
    assert [i.state for i in items(db, batch_id)] == [ItemState.QUEUED] * 4
    qtbot.waitUntil(lambda: not steer.retry.isEnabled(), timeout=WAIT)
    with qtbot.waitSignal(window.acted, timeout=WAIT):
        steer.pause.click()
    assert status(db, batch_id) is BatchStatus.PAUSED
    qtbot.waitUntil(lambda: steer.resume.isEnabled(), timeout=WAIT)
    steer.confirm = lambda _question: False  # the operator says no: nothing happens
    steer.cancel.click()
    assert status(db, batch_id) is BatchStatus.PAUSED
    steer.confirm = lambda _question: True
    with qtbot.waitSignal(window.acted, timeout=WAIT):
        steer.cancel.click()
    assert status(db, batch_id) is BatchStatus.CANCELLED
    assert {i.state for i in items(db, batch_id)} == {ItemState.CANCELLED}
    qtbot.waitUntil(
        lambda: window.list.item(row_of(window, batch_id), 3).text() == "cancelled", timeout=WAIT
    )
    assert not any(b.isEnabled() for b in steer.buttons())
    window.close()


def test_a_cashier_sees_the_actions_greyed(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 3)})
    batch_id = create(db, staff.operator, BatchRequest("cut", Selection(building="1号楼")))
    window = open_window(qtbot, db, staff.cashier)
    pick(qtbot, window, batch_id)
    steer = window.steer
    assert not steer.pause.isEnabled() and "role" in steer.pause.toolTip()
    assert not steer.cancel.isEnabled() and "role" in steer.cancel.toolTip()
    assert window.items.rowCount() == 2  # reading is allowed
    window.close()


def test_a_money_batch_is_approved_by_another_administrator(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 3)})
    request = BatchRequest(
        "fee", Selection(building="1号楼"), params={"item": "垃圾费", "amount": "5.00"}
    )
    batch_id = create(db, staff.admin, request)
    mine = open_window(qtbot, db, staff.admin)
    pick(qtbot, mine, batch_id)
    assert not mine.steer.approve.isEnabled()
    assert "another administrator" in mine.steer.approve.toolTip()
    mine.close()
    other = open_window(qtbot, db, staff.admin2)
    pick(qtbot, other, batch_id)
    assert other.steer.approve.isEnabled()
    assert other.items.item(0, 4).text() == "5.00"
    with qtbot.waitSignal(other.acted, timeout=WAIT):
        other.steer.approve.click()
    assert status(db, batch_id) in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    other.close()


def test_export_to_xlsx(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 4)})
    batch_id = create(db, staff.operator, BatchRequest("clock", Selection(building="1号楼")))
    window = open_window(qtbot, db, staff.operator)
    pick(qtbot, window, batch_id)
    window.text_filter.setText("#2")  # the filter narrows the table, not the export
    qtbot.waitUntil(lambda: window.items.rowCount() == 1, timeout=WAIT)
    target = tmp_path / "batch.xlsx"
    with qtbot.waitSignal(window.exported, timeout=WAIT):
        window.export_to(target)
    sheet = load_workbook(target).active
    rows = [[v for v in r if v is not None] for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Batch", batch_id]
    assert ["Action", "clock sync"] in rows
    header = rows.index(
        ["Item", "Room / meter", "State", "Reason", "Amount (yuan)", "Attempts", "Updated"]
    )
    body = rows[header + 1 :]
    assert [r[:4] for r in body] == [
        [1, "1号楼/101 #1", "queued", 0],
        [2, "1号楼/102 #2", "queued", 0],
        [3, "1号楼/103 #3", "queued", 0],
    ]
    assert not list(tmp_path.glob(".*partial"))  # written whole, nothing left beside it
    window.close()


def test_tree_multi_select_batch_dialog_preview_and_create(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from app.ui.batches_dialog import BatchDialog
    from app.ui.main_window import MainWindow

    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    window = MainWindow(db, staff.operator)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=WAIT):
        window.reload()
    view = window.park_tree.view
    picked = [site.rooms["2"], site.rooms["4"]]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for room in picked:
        index = window.tree_model.index_of(("room", room))
        view.scrollTo(index)
        view.selectionModel().select(index, flags)
    index = window.tree_model.index_of(("room", picked[1]))
    view.customContextMenuRequested.emit(view.visualRect(index).center())
    menu = window.park_tree.last_menu
    entry = next(a for a in menu.actions() if a.objectName() == "BatchFromTree")
    assert "2" in entry.text()
    entry.trigger()
    dialog = window.findChild(BatchDialog)
    assert dialog is not None and dialog.room_ids == picked
    assert not dialog.create_button.isEnabled()  # preview first
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT) as shown:
        dialog.preview_button.click()
    assert shown.args[0] == 2
    assert dialog.table.texts(1) == ["1号楼/102 #2", "1号楼/104 #4"]
    assert dialog.table.texts(2) == ["relay cut", "relay cut"]
    with qtbot.waitSignal(dialog.created, timeout=WAIT) as made:
        dialog.create_button.click()
    batch_id = made.args[0]
    assert [i.room_id for i in items(db, batch_id)] == picked
    progress = window.batch_progress
    qtbot.waitUntil(
        lambda: progress.isVisible() and str(batch_id) in progress.label.text(), timeout=WAIT
    )
    assert batch_detail(db, staff.operator, batch_id).summary.total == 2
    window.close()


def test_the_dialog_schedules_a_batch_at_a_park_time(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    from datetime import UTC, datetime

    from PySide6.QtCore import QDateTime

    from app.ui.batches_dialog import BatchDialog

    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 3)})
    dialog = BatchDialog(db, staff.operator, ZONE, [site.rooms["1"]])
    qtbot.addWidget(dialog)
    dialog.action.setCurrentIndex(dialog.action.findData("guarantee_on"))
    dialog.later.setChecked(True)
    local = datetime(2031, 3, 1, 23, 30)
    dialog.at.setDateTime(QDateTime(local.date(), local.time()))
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT):
        dialog.run_preview()
    dialog.action.setCurrentIndex(dialog.action.findData("cut"))  # a change: preview again
    assert not dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT):
        dialog.run_preview()
    with qtbot.waitSignal(dialog.created, timeout=WAIT) as made:
        dialog.create_button.click()
    summary = batch_detail(db, staff.operator, made.args[0]).summary
    assert summary.action == "cut" and summary.status == "scheduled"
    run_at = summary.run_at if summary.run_at.tzinfo else summary.run_at.replace(tzinfo=UTC)
    assert run_at == local.replace(tzinfo=ZONE)  # 23:30 in the park, 15:30 UTC


def test_the_toolbar_opens_the_batches_window_once(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    from PySide6.QtGui import QAction

    from app.ui.main_window import MainWindow

    make_site(db, sim, {"1": BillingMode.METER})
    batch_id = create(db, staff.operator, BatchRequest("clock", Selection(building="1号楼")))
    window = MainWindow(db, staff.operator)
    qtbot.addWidget(window)
    action = window.findChild(QAction, "OpenBatches")
    assert action is not None
    action.trigger()
    batches = window.batches
    assert isinstance(batches, BatchesWindow) and batches.isVisible()
    qtbot.waitUntil(lambda: [b.id for b in batches.summaries] == [batch_id], timeout=WAIT)
    assert window.open_batches() is batches  # built once
    window.close()


def test_time_left_and_counts_in_words() -> None:
    from datetime import timedelta

    from app.ui.batches import counts_text
    from app.ui.labels import time_left_label

    assert time_left_label(None) == ""
    assert time_left_label(timedelta(seconds=42)) == "42 s"
    assert time_left_label(timedelta(seconds=200)) == "3 min 20 s"
    assert time_left_label(timedelta(hours=2, minutes=5)) == "2 h 5 min"
    assert counts_text({"failed": 1, "done": 3, "queued": 0}) == "done 3 · failed 1"
