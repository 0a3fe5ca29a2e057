"""The backwards rule (beyond the register's resolution only) and the vacant-room flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select, update

from app.collector import Collector, Rules
from app.collector.state import Known, MeterFacts, detect, state_values
from app.db import Database
from app.demo import build_demo
from app.livedata import room_live
from app.models import BillingMode, Event, Meter, MeterRole, Room, Setting
from drivers.meter import MeterSnapshot

from .conftest import ZONE, wait_for
from .test_demo_resume import quick_config

FACTS = MeterFacts(1, 1, 1, BillingMode.PLATFORM, True, None)


def _step(before: str, after: str) -> tuple[list[str], dict[str, object]]:
    """The events of a poll reading ``after`` kWh when ``before`` is stored."""
    known = Known(exists=True, seen=True, online=True, values={"energy_total": Decimal(before)})
    snap = MeterSnapshot("1", "sim-prepaid-modbus", datetime.now(UTC), Decimal(after))
    new = state_values(snap, ZONE)
    specs = detect(known, new, snap, FACTS, Rules(), datetime.now(UTC), None)
    return [s.kind for s in specs], new


def test_backwards_only_beyond_the_resolution() -> None:
    kinds, new = _step("1234.56", "1234.55")  # the last digit rounded the other way
    assert kinds == []
    assert "energy_total" not in new  # the stored register stays where it was
    kinds, new = _step("1234.56", "1234.54")
    assert kinds == ["energy.backwards"]
    assert new["energy_total"] == Decimal("1234.54")
    assert _step("1234.56", "1234.57")[0] == []


def _vacant_events(db: Database, room_id: int) -> list[Event]:
    with db.read() as s:
        return list(
            s.scalars(
                select(Event).where(Event.kind == "vacant.consumption", Event.room_id == room_id)
            )
        )


def test_a_vacant_room_drawing_power_is_flagged_once_per_episode(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    build_demo(db, rooms=20)
    with db.write() as s:
        room_id, meter_id = s.execute(
            select(Meter.room_id, Meter.id)
            .where(Meter.role == MeterRole.TENANT, Meter.room_id.is_not(None))
            .order_by(Meter.id)
        ).first()
        # every room of the demo vacant (no open account); ours is looked at below
        s.execute(update(Room).values(account_id=None))
        s.add(Setting(key="collector.vacant_watts", value=1))
    collector = collector_factory(quick_config())
    collector.start()
    wait_for(lambda: _vacant_events(db, room_id), 60, "the vacant room flagged")
    polls = collector.stats()["polls"]
    wait_for(lambda: collector.stats()["polls"] > polls + 200, 60, "more polls")
    collector.stop()
    events = _vacant_events(db, room_id)
    assert len(events) == 1  # once per episode, not once per poll
    assert events[0].level == 2 and events[0].meter_id == meter_id
    assert events[0].data["room"] == room_id and events[0].data["watts"] > 1
    with db.read() as s:
        live = room_live(s, ZONE, [room_id])[room_id]
    assert live.vacant_draw and not live.let
    # a restart is not a new episode
    again = collector_factory(quick_config())
    again.start()
    wait_for(lambda: again.stats()["polls"] > 200, 60, "polls after the restart")
    again.stop()
    assert len(_vacant_events(db, room_id)) == 1
