"""The demo tells the truth: simulated meters resume where the stored ones were.

The embedded ``sim://`` buses used to be rebuilt from the link's seed at every start, so a
simulated meter forgot its consumption, balance, purchase count and relay, and every
restart raised ``energy.backwards`` (346 of them in 11 minutes of the issue's run). These
tests restart a real collector on the same database over the demo park's simulated buses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select, update

from app.collector import ChangeBatch, Collector, CollectorConfig, PollPlan
from app.db import Database
from app.demo import build_demo
from app.livedata import room_live
from app.models import Event, Meter, MeterRole, MeterState, RelayState

from .conftest import ZONE, wait_for

PROFILES = ("sim-prepaid-modbus", "sim-prepaid-dlt645", "acrel-ddsy1352", "eastron-sdm630")
BAD = ("energy.backwards", "meter.replaced")


def quick_config() -> CollectorConfig:
    """Real time for the collector, a fast simulated day (ten minutes a second) on the
    buses so that registers move, and full snapshots every 0.3 s."""
    plan = PollPlan(energy_period=0.3)
    return CollectorConfig(
        sim_rate=600,
        sim_wire_time=False,
        min_poll_interval=0.05,
        batch_seconds=0.1,
        command_poll=0.1,
        default_plan=plan,
        plans=dict.fromkeys(PROFILES, plan),
    )


def _energies(db: Database) -> dict[int, Decimal]:
    with db.read() as s:
        return {
            mid: total
            for mid, total in s.execute(select(MeterState.meter_id, MeterState.energy_total))
            if total is not None
        }


def _meters(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Meter)) or 0


def _bad_events(db: Database) -> list[tuple[str, str]]:
    with db.read() as s:
        return [(e.kind, e.message) for e in s.scalars(select(Event).where(Event.kind.in_(BAD)))]


def _run(collector: Collector, db: Database, meters: int) -> None:
    """Start, and stop once every meter has answered several full polls of this run."""
    collector.start()
    wait_for(lambda: collector.stats()["polls"] >= 12 * meters, 90, "a dozen polls a meter")
    wait_for(lambda: len(_energies(db)) == meters, 30, "every meter's registers stored")
    collector.stop()


def test_restarts_continue_the_registers(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    build_demo(db, rooms=20)
    meters = _meters(db)
    _run(collector_factory(quick_config()), db, meters)
    before = _energies(db)
    for _restart in range(2):
        _run(collector_factory(quick_config()), db, meters)
        after = _energies(db)
        went_back = {m: (before[m], after[m]) for m in before if after[m] < before[m]}
        assert not went_back, f"registers went backwards over a restart: {went_back}"
        assert any(after[m] > before[m] for m in before), "no register moved on"
        before = after
    assert _bad_events(db) == []
    # every room whose meters consumed shows today's energy (park time; first day: since
    # the first interval reading)
    with db.read() as s:
        live = room_live(s, ZONE)
    consuming = [r for r in live.values() if r.meters and r.power_w]
    assert consuming
    assert all(r.today_kwh and r.today_kwh > 0 for r in consuming), [
        (r.room_id, r.today_kwh) for r in consuming if not r.today_kwh
    ]


def test_balance_purchase_count_and_relay_resume(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    build_demo(db, rooms=20)
    meters = _meters(db)
    _run(collector_factory(quick_config()), db, meters)
    with db.read() as s:
        meter_id = s.scalar(
            select(Meter.id).where(Meter.role == MeterRole.TENANT).order_by(Meter.id)
        )
    # the meter as the collector last stored it: seven purchases, 123.45 yuan left, cut
    # by a command (the relay is open with money on the meter)
    with db.write() as s:
        s.execute(
            update(MeterState)
            .where(MeterState.meter_id == meter_id)
            .values(
                purchase_count=7,
                purchased_fen=70_000,
                balance_fen=12_345,
                relay=RelayState.OPEN,
                last_seen=datetime.now(UTC) - timedelta(seconds=1),
            )
        )
    collector = collector_factory(quick_config())
    seen: list[ChangeBatch] = []
    collector.hub.subscribe(seen.append)
    collector.start()
    wait_for(lambda: sum(meter_id in b.meters for b in seen) >= 3, 60, "the meter read again")
    collector.stop()
    with db.read() as s:
        st = s.get(MeterState, meter_id)
        assert st is not None
        kinds = s.scalars(select(Event.kind).where(Event.meter_id == meter_id)).all()
    assert st.purchase_count == 7
    assert st.purchased_fen == 70_000
    assert st.relay is RelayState.OPEN  # cut stays cut: no load, so no money used either
    assert st.balance_fen == 12_345
    assert "meter.replaced" not in kinds and "relay.changed" not in kinds
