"""The database itself refuses bad data, whatever code writes it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from app.db import Database
from app.models import (
    BillingMode,
    Building,
    Floor,
    Link,
    Meter,
    MeterRole,
    MeterState,
    Park,
    Protocol,
    Room,
    utcnow,
)


def _site(db: Database) -> tuple[int, int, int]:
    with db.write() as s:
        park = Park(name="测试园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="A栋")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        link_a = Link(name="bus A", url="sim://a", protocol=Protocol.MODBUS)
        link_b = Link(name="bus B", url="sim://b", protocol=Protocol.MODBUS)
        s.add_all([floor, link_a, link_b])
        s.flush()
        return floor.id, link_a.id, link_b.id


def _meter(link_id: int, address: str) -> Meter:
    return Meter(
        link_id=link_id,
        address=address,
        profile="sim-prepaid-modbus",
        role=MeterRole.TENANT,
        billing_mode=BillingMode.METER,
    )


def test_duplicate_meter_address_on_same_link_is_refused(db: Database) -> None:
    _, link_a, link_b = _site(db)
    with db.write() as s:
        s.add(_meter(link_a, "7"))
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(_meter(link_a, "7"))
    with db.write() as s:  # the same address on another bus is fine
        s.add(_meter(link_b, "7"))
    with db.read() as s:
        assert len(s.scalars(select(Meter)).all()) == 2


def test_replaced_meter_frees_its_address(db: Database) -> None:
    _, link_a, _ = _site(db)
    with db.write() as s:
        old = _meter(link_a, "9")
        s.add(old)
        s.flush()
        old.removed_at = utcnow()
    with db.write() as s:
        s.add(_meter(link_a, "9"))
    with db.read() as s:
        assert s.query(Meter).filter(Meter.address == "9").count() == 2


def test_negative_area_is_refused(db: Database) -> None:
    floor_id, _, _ = _site(db)
    with pytest.raises(IntegrityError, match="area"), db.write() as s:
        s.add(Room(floor_id=floor_id, number="101", area_m2=Decimal("-0.01")))
    with db.read() as s:
        assert s.scalars(select(Room)).all() == []


def test_room_without_floor_is_refused(db: Database) -> None:
    _site(db)
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(Room(floor_id=None, number="101"))
    with pytest.raises(IntegrityError), db.write() as s:  # a floor that does not exist
        s.add(Room(floor_id=424242, number="102"))


def test_area_with_three_decimals_is_refused_not_rounded(db: Database) -> None:
    floor_id, _, _ = _site(db)
    with pytest.raises(StatementError, match="decimal places"), db.write() as s:
        s.add(Room(floor_id=floor_id, number="101", area_m2=Decimal("12.345")))


def test_float_energy_is_refused(db: Database) -> None:
    _, link_a, _ = _site(db)
    with db.write() as s:
        meter = _meter(link_a, "3")
        s.add(meter)
        s.flush()
        meter_id = meter.id
    with pytest.raises(StatementError, match="float"), db.write() as s:
        s.add(MeterState(meter_id=meter_id, energy_total=12.5))


def test_energy_roundtrips_exactly(db: Database) -> None:
    _, link_a, _ = _site(db)
    with db.write() as s:
        meter = _meter(link_a, "4")
        s.add(meter)
        s.flush()
        s.add(MeterState(meter_id=meter.id, energy_total=Decimal("123456.78"), balance_fen=-150))
    with db.read() as s:
        state = s.scalars(select(MeterState)).one()
        assert state.energy_total == Decimal("123456.78")
        assert state.balance_fen == -150


def test_naive_timestamp_is_refused(db: Database) -> None:
    with pytest.raises(StatementError, match="naive"), db.write() as s:
        s.add(Park(name="naive", created_at=datetime(2026, 1, 1, 8, 0)))


def test_timestamps_come_back_aware(db: Database) -> None:
    _site(db)
    with db.read() as s:
        park = s.scalars(select(Park)).one()
        assert park.created_at.tzinfo is not None
