"""The demo's progress callback: it moves to the end, and raising from it writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.demo import DemoCancelled, build_demo
from app.models import LedgerEntry, Link, Meter, Park, Room, TariffRow, Tenant


def test_progress_runs_from_zero_to_the_total(db: Database) -> None:
    seen: list[tuple[int, int]] = []
    result = build_demo(db, rooms=2500, progress=lambda done, total: seen.append((done, total)))
    assert result.created and result.rooms == 2500
    assert seen[0] == (0, 5000) and seen[-1] == (5000, 5000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) > 10  # it moves during the fill and during the write (chunks)
    assert any(2500 < d < 5000 for d, _ in seen)


@pytest.mark.parametrize("stop_at", [1, 3000])  # while making rows / while writing them
def test_cancelling_leaves_nothing_behind(db: Database, stop_at: int) -> None:
    def progress(done: int, _total: int) -> None:
        if done >= stop_at:
            raise DemoCancelled()

    with pytest.raises(DemoCancelled):
        build_demo(db, rooms=2500, progress=progress)
    with db.read() as s:
        for table in (Park, Room, Meter, Link, Tenant, LedgerEntry, TariffRow):
            assert s.scalar(select(func.count()).select_from(table)) == 0, table
    assert build_demo(db, rooms=20).created  # and a later demo is whole
