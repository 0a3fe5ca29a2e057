"""The estimated run time of a batch not yet started (``app.batch.views``), and the
parameter checks by field (``app.batch.actions.param_errors``) the batch dialog shows.

Both databases: the estimate subtracts stored start and finish times, which SQLite keeps
naive and PostgreSQL aware."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.batch import BatchError, BatchRequest, Selection, batch_list, create
from app.batch.actions import param_errors
from app.db import Database
from app.models import Batch, BatchItem, BatchStatus, BillingMode, ItemState, utcnow
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

from .conftest import Staff


def _finish(db: Database, batch_id: int, seconds: int, failed_item: int | None = None) -> None:
    start = utcnow() - timedelta(hours=1)
    with db.write() as s:
        s.execute(
            update(Batch)
            .where(Batch.id == batch_id)
            .values(
                status=BatchStatus.DONE,
                started_at=start,
                finished_at=start + timedelta(seconds=seconds),
            )
        )
        s.execute(  # the last item on the bus changed when the batch finished
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id)
            .values(state=ItemState.DONE, updated_at=start + timedelta(seconds=seconds))
        )
        if failed_item is not None:
            s.execute(
                update(BatchItem)
                .where(BatchItem.batch_id == batch_id, BatchItem.item_no == failed_item)
                .values(state=ItemState.FAILED)
            )


def test_a_waiting_batch_is_estimated_from_the_pace_here(
    db: Database, sim: BusSimulator, staff: Staff
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    building = Selection(building="1号楼")
    fast, slow, failed = (
        create(db, staff.operator, BatchRequest("clock", building)) for _ in "abc"
    )
    _finish(db, fast, 8)  # 4 items on one bus: 2 s each
    _finish(db, slow, 16)  # 4 s each: the median of 2, 4 (and not the failed one) is 4
    _finish(db, failed, 6000, failed_item=2)  # waited for an expiry: not a pace
    later = utcnow() + timedelta(days=1)
    rooms = Selection(room_ids=(site.rooms["1"], site.rooms["2"], site.rooms["3"]))
    waiting = create(db, staff.operator, BatchRequest("clock", rooms, run_at=later))
    cut = create(db, staff.operator, BatchRequest("cut", building))
    by_id = {b.id: b for b in batch_list(db, staff.operator)}
    assert by_id[waiting].status == "scheduled"
    assert by_id[waiting].pace == timedelta(seconds=4)
    assert by_id[waiting].expected == timedelta(seconds=12)  # 3 items on the bus
    assert by_id[cut].expected is None and by_id[cut].pace is None  # no cut finished here
    assert by_id[fast].expected is None  # only a batch not yet started


def test_meter_parameters_are_checked_field_by_field() -> None:
    errors = param_errors(
        {"alarm_1": "20", "alarm_2": "30", "price_1": "0.12345", "max_balance": "10", "x": "1"}
    )
    assert set(errors) == {"alarm_2", "price_1", "max_balance", "x"}
    assert param_errors({"alarm_1": "20.00", "alarm_2": "5", "price_4": "0.3"}) == {}


def test_the_service_refuses_what_the_fields_show(
    db: Database, sim: BusSimulator, staff: Staff
) -> None:
    make_site(db, sim, {"1": BillingMode.METER})
    request = BatchRequest(
        "params", Selection(building="1号楼"), params={"values": {"alarm_1": "5", "alarm_2": "9"}}
    )
    with pytest.raises(BatchError, match="alarm_2"):
        create(db, staff.operator, request)


def test_no_estimate_while_one_of_its_buses_has_no_pace(
    db: Database, sim: BusSimulator, staff: Staff
) -> None:
    """A bus at another baud rate or protocol can be many times slower (a demo park's
    DL/T 645 bus took 4 s an item where a Modbus one took 0.35 s): no borrowed pace."""
    from app.models import Link, Meter, Protocol

    site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
    building = Selection(building="1号楼")
    _finish(db, create(db, staff.operator, BatchRequest("clock", building)), 8)
    with db.write() as s:
        slow = Link(name="bus 2", url="sim://slow-bus", protocol=Protocol.DLT645, baud=2400)
        s.add(slow)
        s.flush()
        s.execute(update(Meter).where(Meter.id == site.meters["4"]).values(link_id=slow.id))
    both = create(db, staff.operator, BatchRequest("clock", building))
    first_bus = create(
        db, staff.operator, BatchRequest("clock", Selection(room_ids=(site.rooms["1"],)))
    )
    by_id = {b.id: b for b in batch_list(db, staff.operator)}
    assert by_id[both].expected is None  # bus 2 has never run a clock sync
    assert by_id[first_bus].expected == timedelta(seconds=2)
    _finish(db, both, 12)  # bus 1: 3 items in 12 s; bus 2: 1 item in 12 s
    again = create(db, staff.operator, BatchRequest("clock", building))
    summary = {b.id: b for b in batch_list(db, staff.operator)}[again]
    # bus 1: median of 2 s and 4 s -> 4 s x 3 = 12 s; bus 2: 12 s x 1: the slower decides
    assert summary.expected == timedelta(seconds=12)
