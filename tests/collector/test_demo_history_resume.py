"""The demo park with history (issue 15 item 5) starts without a backwards register.

``init --demo`` writes 13 months of readings and the meter state they end with; the
embedded simulated meters must take over exactly there. A real collector runs on the
demo's ``sim://`` buses straight after ``build_demo(history=True)``: no ``energy.backwards``
or ``meter.replaced`` event, every register at or above where the history stopped, no
charge skipped as "went backwards", and the ledger still verifies.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from app.collector import Collector
from app.db import Database
from app.demo import build_demo
from app.ledger.journal import verify
from app.models import MeterCharge, Reading, ReadingKind

from .test_demo_resume import _bad_events, _energies, _meters, _run, quick_config


def _history_end(db: Database) -> dict[int, object]:
    with db.read() as s:
        newest = (
            select(Reading.meter_id, func.max(Reading.ts).label("ts"))
            .where(Reading.kind == ReadingKind.INTERVAL)
            .group_by(Reading.meter_id)
            .subquery()
        )
        rows = s.execute(
            select(Reading.meter_id, Reading.energy_total).join(
                newest,
                (Reading.meter_id == newest.c.meter_id)
                & (Reading.ts == newest.c.ts)
                & (Reading.kind == ReadingKind.INTERVAL),
            )
        ).all()
    return dict(rows)


def test_collector_resumes_the_history(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    build_demo(db, rooms=20, history=True)
    ended = _history_end(db)
    meters = _meters(db)
    assert len(ended) == meters
    _run(collector_factory(quick_config()), db, meters)
    after = _energies(db)
    went_back = {m: (ended[m], after[m]) for m in ended if after[m] < ended[m]}  # type: ignore[operator]
    assert not went_back, f"registers went backwards from the history: {went_back}"
    assert _bad_events(db) == []
    with db.read() as s:
        skipped = s.scalar(
            select(func.count())
            .select_from(MeterCharge)
            .where(MeterCharge.id > 0, MeterCharge.note.like("%backwards%"))
        )
    assert skipped == 0
    report = verify(db)
    assert report.ok, report.breaches[:10]
