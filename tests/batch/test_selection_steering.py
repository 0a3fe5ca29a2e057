"""Selections (floor, arrears filter), meter parameters, and steering a batch: the window of
commands per bus, pause, resume and cancel (pending commands cancelled with their items)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.batch import (
    BatchError,
    BatchRequest,
    Selection,
    batch_detail,
    batch_list,
    cancel,
    create,
    engine,
    estimate_left,
    preview,
    set_paused,
    tick,
)
from app.db import Database
from app.models import (
    Account,
    BatchStatus,
    BillingMode,
    CommandStatus,
    ItemState,
    Meter,
    MeterCommand,
    MeterState,
    utcnow,
)
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

from .conftest import Staff, items, status


def _commands(db: Database, batch_id: int) -> list[MeterCommand]:
    with db.read() as s:
        return [
            c
            for c in s.scalars(select(MeterCommand).order_by(MeterCommand.id))
            if c.payload.get("batch") == batch_id
        ]


def test_floor_and_arrears_selections(db: Database, sim: BusSimulator, staff: Staff) -> None:
    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 5)})
    plan = preview(db, staff.operator, BatchRequest("cut", Selection(floor="1号楼/1F")))
    assert [t.label for t in plan.targets] == [f"1号楼/10{a} #{a}" for a in range(1, 5)]
    with db.write() as s:  # one tenant owes money (the filter reads the balance)
        account = s.get(Account, site.accounts["3"])
        assert account is not None
        account.balance_fen = -500
    plan = preview(db, staff.operator, BatchRequest("cut", Selection(filter="arrears")))
    assert [t.meter_id for t in plan.targets] == [site.meter_id(3)]
    with pytest.raises(BatchError, match="no floor"):
        preview(db, staff.operator, BatchRequest("cut", Selection(floor="1号楼/9F")))


def test_a_meter_removed_since_is_skipped(db: Database, sim: BusSimulator, staff: Staff) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    batch_id = create(db, staff.operator, BatchRequest("clock", Selection(building="1号楼")))
    with db.write() as s:
        meter = s.get(Meter, site.meter_id(2))
        assert meter is not None
        meter.removed_at = utcnow()
    assert tick(db).released == 1
    states = [(i.state, i.reason) for i in items(db, batch_id)]
    assert states == [(ItemState.SENT, ""), (ItemState.SKIPPED, "the meter was removed")]


WINDOW = 2  # the steering tests use a window of two commands per bus (the engine's is more)


@pytest.fixture(autouse=True)
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "WINDOW", WINDOW)


def test_params_window_pause_resume_cancel(db: Database, sim: BusSimulator, staff: Staff) -> None:
    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    with pytest.raises(BatchError, match="unknown meter parameter"):
        create(
            db,
            staff.operator,
            BatchRequest("params", Selection(building="1号楼"), params={"values": {"volts": "1"}}),
        )
    batch_id = create(
        db,
        staff.operator,
        BatchRequest(
            "params", Selection(building="1号楼"), params={"values": {"alarm_1": "20.00"}}
        ),
    )
    with db.write() as s:  # meter 1 is offline: its command waits without holding the bus
        s.add(MeterState(meter_id=site.meter_id(1), online=False))
    # one bus: two commands waiting for online meters, plus the offline meter's, no more
    assert tick(db).released == WINDOW + 1 == 3
    assert tick(db).released == 0
    commands = _commands(db, batch_id)
    assert [c.payload["values"] for c in commands] == [{"alarm_1": "20.00"}] * 3
    set_paused(db, staff.operator, batch_id, True)
    assert status(db, batch_id) is BatchStatus.PAUSED
    with db.write() as s:  # the collector confirms them (as it would after the meter's reply)
        for c in commands:
            s.get(MeterCommand, c.id).status = CommandStatus.CONFIRMED  # type: ignore[union-attr]
    assert tick(db).released == 0  # paused: nothing new starts ...
    states = [i.state for i in items(db, batch_id)]
    assert states == [ItemState.DONE] * 3 + [ItemState.QUEUED]  # ... sent ones finish
    set_paused(db, staff.operator, batch_id, False)
    assert tick(db).released == 1
    with pytest.raises(BatchError, match="not paused"):
        set_paused(db, staff.operator, batch_id, False)
    assert cancel(db, staff.operator, batch_id) == {"done": 3, "cancelled": 1}
    assert _commands(db, batch_id)[3].status is CommandStatus.CANCELLED
    with pytest.raises(BatchError, match="already"):
        cancel(db, staff.operator, batch_id)


def test_progress_and_items_for_the_window(db: Database, sim: BusSimulator, staff: Staff) -> None:
    make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    batch_id = create(db, staff.operator, BatchRequest("cut", Selection(building="1号楼")))
    started = utcnow()
    tick(db, started)
    with db.write() as s:  # the first command confirmed, the second failed (as the collector)
        first, second = _commands(db, batch_id)
        s.get(MeterCommand, first.id).status = CommandStatus.CONFIRMED  # type: ignore[union-attr]
        cmd = s.get(MeterCommand, second.id)
        assert cmd is not None
        cmd.status, cmd.result = CommandStatus.FAILED, "cut: the meter kept its relay on"
    tick(db, started)
    [summary] = batch_list(db, staff.cashier)
    assert summary.counts == {"done": 1, "failed": 1, "sent": 2}
    assert summary.finished == 2 and summary.progress == 0.5
    detail = batch_detail(db, staff.cashier, batch_id, state="failed")
    assert [(i.item_no, i.reason) for i in detail.items] == [
        (2, "cut: the meter kept its relay on")
    ]
    assert [i.item_no for i in batch_detail(db, staff.cashier, batch_id, text="#3").items] == [3]
    assert estimate_left(4, 2, started, started + timedelta(seconds=10)) == timedelta(seconds=10)
    assert estimate_left(4, 0, started, started) is None
    assert estimate_left(4, 4, started, started) == timedelta(0)
