"""The lease fence on the batch engine's tick the collector runs (issue 20, round 2): a
collector that lost the lease while paused starts and posts nothing; the one that took over
posts each item once. Both back ends."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from app.batch import BatchRequest, approve, create, tick
from app.collector.lease import LeaseLost
from app.db import Database
from app.models import BatchStatus, BillingMode, ItemState
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

from ..fencing import take_over
from .conftest import Staff, items, status


def test_a_stale_holder_ticks_no_batch_and_the_new_one_posts_each_item_once(
    db: Database, sim: BusSimulator, staff: Staff, tmp_path: Path
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 5)})
    sheet = tmp_path / "ok.csv"
    sheet.write_text("房间,金额\n101,30\n102,40.50\n", encoding="utf-8")
    batch_id = create(db, staff.admin, BatchRequest("recharge", sheet=sheet))
    approve(db, staff.admin2, batch_id)
    desks = take_over(db)
    for _ in range(3):
        with suppress(LeaseLost):
            tick(desks.stale_db)
    assert all(i.state is not ItemState.DONE for i in items(db, batch_id))
    assert (site.balance(1), site.balance(2)) == (0, 0)
    for _ in range(3):
        tick(desks.new_db)
    assert [i.state for i in items(db, batch_id)] == [ItemState.DONE] * 2
    assert status(db, batch_id) is BatchStatus.DONE
    assert (site.balance(1), site.balance(2)) == (3000, 4050)
