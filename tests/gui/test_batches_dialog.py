"""The batch dialog's actions beyond relays (issue 17): meter parameters, money from a sheet,
fee deduction, and batches over a building or floor from the park tree.

Real parts only: a SQLite site with four meters on an in-process simulated bus, batches
created by clicking through ``BatchDialog`` (which calls ``app.batch`` off the GUI thread),
run by the real collector (meter parameters, checked on the simulated meters) or by the
real engine's ``tick`` (ledger postings, checked on the accounts' balances). Every wait is
on a signal or a ``waitUntil``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.batch import Selection, tick
from app.db import Database
from app.models import Account, Batch, BatchStatus, BillingMode, Floor, ItemState
from app.ui.batches_dialog import BatchDialog
from drivers.simulator import BusSimulator, SimClock
from tests.batch.conftest import Staff, all_done, items, staff, status  # noqa: F401
from tests.collector.conftest import (  # noqa: F401
    collector_factory,
    fast_config,
    make_site,
    sim,
    sim_clock,
)
from tests.gui.test_batches_window import open_window, pick

ZONE = ZoneInfo("Asia/Shanghai")
WAIT = 30_000


def dialog_for(qtbot: Any, db: Database, actor: Any, selection: Selection | None) -> BatchDialog:
    dialog = BatchDialog(db, actor, ZONE, selection)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def batch_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(Batch.id))) or 0)


def balances(db: Database, ids: list[int]) -> list[int]:
    with db.read() as s:
        return [int(s.get(Account, i).balance_fen) for i in ids]  # type: ignore[union-attr]


def test_a_params_batch_from_the_dialog_reaches_the_meters(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    sim_clock: SimClock,  # noqa: F811
    collector_factory: Any,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    dialog = dialog_for(qtbot, db, staff.operator, Selection(building="1号楼"))
    dialog.action.setCurrentIndex(dialog.action.findData("params"))
    assert dialog.page is dialog.params and dialog.params.isVisible()
    edits, errors = dialog.params.edits, dialog.params.errors
    edits["alarm_1"].setText("20.00")
    edits["alarm_2"].setText("30.00")  # above level 1
    edits["price_1"].setText("0.12345")  # five decimals
    with qtbot.waitSignal(dialog.refused, timeout=WAIT) as refused:
        dialog.preview_button.click()
    assert refused.args[0] == 2
    assert errors["alarm_2"].isVisible() and "alarm_1" in errors["alarm_2"].text()
    assert errors["price_1"].isVisible() and "4 decimals" in errors["price_1"].text()
    assert not errors["alarm_1"].isVisible()
    assert not dialog.create_button.isEnabled() and batch_count(db) == 0
    edits["alarm_2"].setText("10.00")
    edits["price_1"].setText("0.9500")
    assert not errors["alarm_2"].isVisible()  # a change clears the marks
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT) as shown:
        dialog.preview_button.click()
    assert shown.args[0] == 4
    assert dialog.table.texts(1) == [f"1号楼/10{a} #{a}" for a in range(1, 5)]
    assert "20.00" in dialog.table.texts(2)[0] and "0.9500" in dialog.table.texts(2)[0]
    with qtbot.waitSignal(dialog.created, timeout=WAIT) as made:
        dialog.create_button.click()
    batch_id = made.args[0]
    assert status(db, batch_id) is BatchStatus.QUEUED  # no money: no approval
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    qtbot.waitUntil(lambda: all_done(db, batch_id), timeout=90_000)
    for address in range(1, 5):
        meter = sim.meter(address)
        assert meter.alarm_1_fen == 2000 and meter.alarm_2_fen == 1000
        assert meter.prices_e4[0] == 9500


def write_sheet(path: Path, rows: list[str]) -> Path:
    path.write_text("room,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_sheet_with_bad_rows_shows_every_error_and_creates_nothing(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
    tmp_path: Path,
) -> None:
    make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 5)})
    sheet = write_sheet(
        tmp_path / "bad.csv",
        ["101,12.34", "999,5.00", "102,abc", "103,-3", "101,1.00", ",2.00", "104,0.001"],
    )
    dialog = dialog_for(qtbot, db, staff.admin, None)
    dialog.action.setCurrentIndex(dialog.action.findData("recharge"))
    dialog.sheet.set_path(sheet)
    with qtbot.waitSignal(dialog.refused, timeout=WAIT) as refused:
        dialog.preview_button.click()
    rows = list(zip(dialog.table.texts(0), dialog.table.texts(1), strict=True))
    assert refused.args[0] == len(rows) == 6
    assert rows == [
        ("3", "room"),
        ("4", "amount"),
        ("5", "amount"),
        ("6", "room"),
        ("7", "room"),
        ("8", "amount"),
    ]
    assert "nothing was created" in dialog.message.text()
    assert not dialog.create_button.isEnabled()
    dialog.create_button.click()  # disabled: nothing happens
    assert batch_count(db) == 0


def test_a_clean_recharge_sheet_waits_for_a_second_administrator(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
    tmp_path: Path,
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 5)})
    accounts = [site.accounts[str(a)] for a in range(1, 4)]
    before = balances(db, accounts)
    sheet = write_sheet(tmp_path / "allowance.csv", ["101,12.34", "102,0.01", "103,100.00"])
    mine = open_window(qtbot, db, staff.admin)
    dialog = mine.new_batch()  # the Batches window's "New batch…"
    qtbot.addWidget(dialog)
    dialog.action.setCurrentIndex(dialog.action.findData("recharge"))
    assert not dialog.repeat.isEnabled()  # money runs once
    dialog.sheet.purpose.setCurrentIndex(1)  # base allowance
    dialog.sheet.set_path(sheet)
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT):
        dialog.preview_button.click()
    assert dialog.table.texts(3) == ["12.34", "0.01", "100.00"]
    assert "¥112.35" in dialog.message.text() and "approve" in dialog.message.text()
    with qtbot.waitSignal(dialog.created, timeout=WAIT) as made:
        dialog.create_button.click()
    batch_id = made.args[0]
    assert "waiting for a second administrator's approval" in dialog.message.text()
    assert dialog.isVisible() and not dialog.create_button.isVisible()
    assert status(db, batch_id) is BatchStatus.APPROVAL
    with db.read() as s:
        assert s.get(Batch, batch_id).note == "base allowance"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: mine.current() is not None, timeout=WAIT)  # selected in the list
    assert mine.current().id == batch_id  # type: ignore[union-attr]
    assert not mine.steer.approve.isEnabled()  # not by its creator
    tick(db)
    assert balances(db, accounts) == before  # nothing moves before the approval
    mine.close()
    other = open_window(qtbot, db, staff.admin2)
    pick(qtbot, other, batch_id)
    with qtbot.waitSignal(other.acted, timeout=WAIT):
        other.steer.approve.click()
    for _ in range(20):  # the engine's rounds (the collector calls the same tick)
        tick(db)
        if status(db, batch_id) is BatchStatus.DONE:
            break
    assert {i.state for i in items(db, batch_id)} == {ItemState.DONE}
    assert balances(db, accounts) == [before[0] + 1234, before[1] + 1, before[2] + 10000]
    other.close()


def test_a_fee_deduction_from_the_dialog(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 3)})
    dialog = dialog_for(qtbot, db, staff.admin, Selection(room_ids=(site.rooms["1"],)))
    dialog.action.setCurrentIndex(dialog.action.findData("fee"))
    dialog.fee.amount.setText("5.00")
    with qtbot.waitSignal(dialog.failed, timeout=WAIT):
        dialog.preview_button.click()  # no item name
    assert batch_count(db) == 0
    dialog.fee.item.setText("垃圾费")
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT):
        dialog.preview_button.click()
    assert dialog.table.texts(3) == ["5.00"] and "垃圾费" in dialog.table.texts(2)[0]
    with qtbot.waitSignal(dialog.created, timeout=WAIT) as made:
        dialog.create_button.click()
    assert status(db, made.args[0]) is BatchStatus.APPROVAL


def test_batch_over_a_building_and_a_floor_from_the_tree(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    from app.ui.main_window import MainWindow

    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    window = MainWindow(db, staff.operator)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=WAIT):
        window.reload()
    view = window.park_tree.view
    window.park_tree.expand_to_depth(2)

    def batch_from(key: tuple[str, int]) -> BatchDialog:
        index = window.tree_model.index_of(key)
        view.scrollTo(index)
        view.customContextMenuRequested.emit(view.visualRect(index).center())
        menu = window.park_tree.last_menu
        entry = next(a for a in menu.actions() if a.objectName() == "BatchOverPlace")
        entry.trigger()
        dialogs = [d for d in window.findChildren(BatchDialog) if d.isVisible()]
        assert len(dialogs) == 1
        return dialogs[0]

    dialog = batch_from(("building", site.building_id))
    assert dialog.selection == Selection(building="1号楼")
    assert "1号楼" in dialog.windowTitle()
    dialog.action.setCurrentIndex(dialog.action.findData("clock"))
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT) as shown:
        dialog.preview_button.click()
    assert shown.args[0] == 4
    with qtbot.waitSignal(dialog.created, timeout=WAIT) as made:
        dialog.create_button.click()
    assert [i.room_id for i in items(db, made.args[0])] == [site.rooms[str(a)] for a in range(1, 5)]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    with db.read() as s:
        floor_id = s.scalar(select(Floor.id).where(Floor.building_id == site.building_id))
    dialog = batch_from(("floor", int(floor_id)))  # type: ignore[arg-type]
    assert dialog.selection == Selection(floor="1号楼/1F")
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT) as shown:
        dialog.preview_button.click()
    assert shown.args[0] == 4
    dialog.close()
    window.close()


def test_a_waiting_batch_shows_its_estimated_run_time(
    qtbot: Any,
    db: Database,
    sim: BusSimulator,  # noqa: F811
    staff: Staff,  # noqa: F811
) -> None:
    """The estimate of a batch not yet started: its busiest bus's items at the pace the
    last finished batches of the same action took here (a batch with a failed item does
    not count: it waited for a command to expire)."""
    from datetime import timedelta

    from sqlalchemy import update

    from app.batch import BatchRequest, batch_list, create
    from app.models import BatchItem, utcnow

    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    building = Selection(building="1号楼")
    finished, failed = (create(db, staff.operator, BatchRequest("clock", building)) for _ in "ab")
    start = utcnow() - timedelta(hours=1)
    with db.write() as s:
        for batch_id, took in ((finished, 8), (failed, 600)):
            s.execute(
                update(Batch)
                .where(Batch.id == batch_id)
                .values(
                    status=BatchStatus.DONE,
                    started_at=start,
                    finished_at=start + timedelta(seconds=took),
                )
            )
            s.execute(
                update(BatchItem)
                .where(BatchItem.batch_id == batch_id)
                .values(state=ItemState.DONE, updated_at=start + timedelta(seconds=took))
            )
        s.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == failed, BatchItem.item_no == 1)
            .values(state=ItemState.FAILED)
        )
    waiting = create(
        db,
        staff.operator,
        BatchRequest("clock", Selection(room_ids=(site.rooms["1"], site.rooms["2"]))),
    )
    other = create(db, staff.operator, BatchRequest("cut", building))
    by_id = {b.id: b for b in batch_list(db, staff.operator)}
    assert by_id[waiting].pace == timedelta(seconds=2)  # 8 s for 4 items on one bus
    assert by_id[waiting].expected == timedelta(seconds=4)  # 2 items on that bus
    assert by_id[other].expected is None  # no cut has finished here
    assert by_id[finished].expected is None  # only waiting batches get one
    window = open_window(qtbot, db, staff.operator)
    row = next(r for r, b in enumerate(window.summaries) if b.id == waiting)
    assert window.list.item(row, 6).text() == "≈ 4 s once started"
    assert "2.00 s per item" in window.list.item(row, 6).toolTip()
    row = next(r for r, b in enumerate(window.summaries) if b.id == other)
    assert window.list.item(row, 6).text() == "" and window.list.item(row, 6).toolTip()
    window.close()
