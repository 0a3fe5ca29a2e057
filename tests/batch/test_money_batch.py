"""Money batches: a recharge sheet is checked row by row before anything is queued, and a
money batch waits for a second administrator; a scheduled batch fires once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.batch import (
    BatchError,
    BatchRequest,
    Selection,
    SheetError,
    approve,
    cancel,
    create,
    preview,
    retry,
    set_paused,
    tick,
)
from app.db import Database
from app.models import (
    Account,
    Batch,
    BatchItem,
    BatchStatus,
    BillingMode,
    ItemState,
    LedgerTxn,
    MeterCommand,
    utcnow,
)
from app.security import PermissionDenied
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

from .conftest import Staff, items, status

BAD = (
    "room,amount,method\n"
    "101,50.00,cash\n"  # row 2: good
    "999,10,cash\n"  # row 3: no such room
    "102,abc,cash\n"  # row 4: not an amount
    "103,-5,cash\n"  # row 5: negative
    "101,20,cash\n"  # row 6: room again
    "104,10,bitcoin\n"  # row 7: unknown method
    ",10,cash\n"  # row 8: no room
)


def test_a_sheet_with_bad_rows_is_refused_with_every_error(
    db: Database, sim: BusSimulator, staff: Staff, tmp_path: Path
) -> None:
    make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 5)})
    sheet = tmp_path / "bad.csv"
    sheet.write_text(BAD, encoding="utf-8")
    with pytest.raises(SheetError) as caught:
        create(db, staff.admin, BatchRequest("recharge", sheet=sheet))
    where = {(i.row, i.column) for i in caught.value.issues}
    assert where == {
        (3, "room"),
        (4, "amount"),
        (5, "amount"),
        (6, "room"),
        (7, "method"),
        (8, "room"),
    }
    text = str(caught.value)
    assert "row 3, column room" in text and "nothing was written" in text
    with db.read() as s:
        assert s.scalar(select(func.count(Batch.id))) == 0
    missing = tmp_path / "missing.csv"
    missing.write_text("room,sum\n101,5\n", encoding="utf-8")
    with pytest.raises(SheetError, match="amount"):
        preview(db, staff.admin, BatchRequest("recharge", sheet=missing))


def test_a_money_batch_waits_for_a_second_administrator(
    db: Database, sim: BusSimulator, staff: Staff, tmp_path: Path
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 5)})
    sheet = tmp_path / "ok.csv"
    sheet.write_text("房间,金额\n101,30\n102,40.50\n", encoding="utf-8")
    batch_id = create(db, staff.admin, BatchRequest("recharge", sheet=sheet))
    assert status(db, batch_id) is BatchStatus.APPROVAL
    assert tick(db).posted == 0  # nothing moves before the approval
    assert site.balance(1) == 0
    with pytest.raises(BatchError, match="different operator"):
        approve(db, staff.admin, batch_id)
    with pytest.raises(PermissionDenied):
        approve(db, staff.cashier, batch_id)
    approve(db, staff.admin2, batch_id)
    with pytest.raises(BatchError, match="not waiting"):
        approve(db, staff.admin2, batch_id)
    tick(db)
    tick(db)
    assert [i.state for i in items(db, batch_id)] == [ItemState.DONE] * 2
    assert status(db, batch_id) is BatchStatus.DONE
    assert (site.balance(1), site.balance(2)) == (3000, 4050)
    tick(db)  # a rerun posts nothing again
    with db.read() as s:
        keys = s.scalars(
            select(LedgerTxn.idempotency_key).where(LedgerTxn.idempotency_key.like("batch:%"))
        )
        assert sorted(keys) == [f"batch:{batch_id}:1", f"batch:{batch_id}:2"]
        assert s.get(Account, site.accounts["1"]).balance_fen == 3000  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):  # a cashier may recharge, not approve her own batch
        approve(db, staff.cashier, create(db, staff.cashier, BatchRequest("recharge", sheet=sheet)))


def test_a_scheduled_batch_fires_once(db: Database, sim: BusSimulator, staff: Staff) -> None:
    make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 3)})
    now = utcnow()
    at = now + timedelta(hours=2)
    batch_id = create(
        db,
        staff.operator,
        BatchRequest("close", Selection(building="1号楼"), run_at=at, repeat="daily"),
    )
    assert status(db, batch_id) is BatchStatus.SCHEDULED
    set_paused(db, staff.operator, batch_id, True)
    set_paused(db, staff.operator, batch_id, False)  # resumed before its time: waits for it
    assert status(db, batch_id) is BatchStatus.SCHEDULED
    assert tick(db, now + timedelta(hours=1)).started == 0
    assert tick(db, at + timedelta(minutes=1)).started == 1  # late (the PC was off): fires
    assert tick(db, at + timedelta(minutes=2)).started == 0  # and only once
    assert status(db, batch_id) is BatchStatus.RUNNING
    with db.read() as s:
        commands = list(s.scalars(select(MeterCommand).where(MeterCommand.kind == "relay")))
    assert len(commands) == 2 and {c.payload["batch"] for c in commands} == {batch_id}
    # the meters are not driven here: the items' commands are cancelled with the batch
    counts = cancel(db, staff.operator, batch_id)
    assert counts == {"cancelled": 2}
    assert retry(db, staff.operator, batch_id) == 0
    with db.read() as s:
        assert s.scalar(select(func.count(Batch.id))) == 1  # a cancelled batch does not repeat


def test_a_tariff_batch_assigns_each_meter(db: Database, sim: BusSimulator, staff: Staff) -> None:
    from app.ledger.tariffs import publish_version, tariff_for_meter

    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 4)})
    start = utcnow() + timedelta(minutes=1)
    prices = {"effective_from": start.isoformat(), "prices": {"flat": "0.9000"}}
    publish_version(db, staff.admin, "宿舍电价", prices)
    with pytest.raises(BatchError, match="tariff"):
        create(db, staff.operator, BatchRequest("tariff", Selection(building="1号楼")))
    request = BatchRequest("tariff", Selection(rooms=("101", "103")), params={"tariff": "宿舍电价"})
    with pytest.raises(PermissionDenied):
        create(db, staff.cashier, request)
    batch_id = create(db, staff.operator, request)
    tick(db)
    tick(db)
    assert [i.state for i in items(db, batch_id)] == [ItemState.DONE] * 2
    assert status(db, batch_id) is BatchStatus.DONE
    with db.read() as s:
        named = {a: tariff_for_meter(s, site.meter_id(a)) for a in (1, 2, 3)}
    assert named[1] is not None and named[1].name == "宿舍电价"
    assert named[3] is not None and named[3].name == "宿舍电价"
    assert named[2] is None or named[2].name != "宿舍电价"


def test_a_repeating_batch_schedules_its_next_run(
    db: Database, sim: BusSimulator, staff: Staff
) -> None:
    make_site(db, sim, {"1": BillingMode.METER})
    now = utcnow()
    batch_id = create(
        db,
        staff.admin,
        BatchRequest(
            "tariff", Selection(rooms=("101",)), params={"tariff": "nope"}, repeat="daily"
        ),
    )
    tick(db, now)
    tick(db, now)
    [item] = items(db, batch_id)
    assert item.state is ItemState.FAILED and "nope" in item.reason
    assert status(db, batch_id) is BatchStatus.DONE
    with db.read() as s:
        batch = s.get(Batch, batch_id)
        assert batch is not None and batch.next_id is not None
        nxt = s.get(Batch, batch.next_id)
        assert nxt is not None and nxt.status is BatchStatus.SCHEDULED
        assert nxt.run_at - batch.run_at == timedelta(days=1)


def test_a_fee_deduction_over_a_building_charges_each_account_once(
    db: Database, sim: BusSimulator, staff: Staff
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 4)})
    with pytest.raises(BatchError, match="name of its item"):
        create(db, staff.admin, BatchRequest("fee", Selection(building="1号楼")))
    with pytest.raises(BatchError, match="amount"):
        create(
            db,
            staff.admin,
            BatchRequest("fee", Selection(building="1号楼"), params={"item": "物业费"}),
        )
    request = BatchRequest(
        "fee", Selection(building="1号楼"), params={"item": "物业费", "amount": "12.30"}
    )
    batch_id = create(db, staff.admin, request)
    assert status(db, batch_id) is BatchStatus.APPROVAL
    approve(db, staff.admin2, batch_id)
    tick(db)
    first = items(db, batch_id)
    assert [i.state for i in first] == [ItemState.DONE] * 3
    # a crash after the postings, before the items' update: the next tick charges nothing
    with db.write() as s:
        for item in s.scalars(select(BatchItem).where(BatchItem.batch_id == batch_id)):
            item.state, item.txn_id = ItemState.QUEUED, None
        batch = s.get(Batch, batch_id)
        assert batch is not None
        batch.status = BatchStatus.RUNNING
    tick(db)
    again = items(db, batch_id)
    assert [i.state for i in again] == [ItemState.DONE] * 3
    assert [i.txn_id for i in again] == [i.txn_id for i in first]
    assert [site.balance(a) for a in range(1, 4)] == [-1230] * 3
