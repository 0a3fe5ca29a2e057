"""Load control settings on a real database: a room's row overrides its building's; the
meters fed to the detector are those of rooms under control; the demo park's dormitory
buildings are under load control (and nothing else is); bad settings are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db import Database
from app.demo import build_demo
from app.loadcontrol.store import (
    LoadConfig,
    LoadControlError,
    config_for,
    controlled_meters,
    save_settings,
)
from app.models import AuditEntry, Building, LoadSettings, Meter, MeterRole
from tests.timecontrol.conftest import Dorm, build_dorm

from .conftest import ADMIN


def test_a_rooms_settings_override_its_buildings(db: Database) -> None:
    dorm: Dorm = build_dorm(db)
    with db.read() as s:
        assert controlled_meters(s) == set()
    save_settings(db, ADMIN, dorm.building_id, LoadConfig(restore_limit=5))
    save_settings(db, ADMIN, dorm.building_id, LoadConfig(enabled=False), room_id=dorm.rooms["201"])
    save_settings(db, ADMIN, dorm.building_id, LoadConfig(restore_limit=4))  # replaces
    with db.read() as s:
        assert config_for(s, dorm.building_id, dorm.rooms["101"]) == LoadConfig(restore_limit=4)
        own = config_for(s, dorm.building_id, dorm.rooms["201"])
        assert own is not None and not own.enabled
        assert controlled_meters(s) == {dorm.meters["101"], dorm.meters["102"]}
        assert len(s.scalars(select(LoadSettings)).all()) == 2
        assert (
            len(s.scalars(select(AuditEntry).where(AuditEntry.action == "load.settings")).all())
            == 3
        )
    with pytest.raises(LoadControlError):
        save_settings(db, ADMIN, dorm.building_id, LoadConfig(actions=frozenset({"explode"})))
    with pytest.raises(LoadControlError):
        save_settings(db, ADMIN, dorm.building_id, LoadConfig(restore_delay_s=-1))


def test_the_demo_parks_dormitories_are_under_load_control(db: Database) -> None:
    build_demo(db, rooms=120)
    with db.read() as s:
        dorms = set(s.scalars(select(Building.id).where(Building.name.like("学生公寓%"))))
        rows = s.scalars(select(LoadSettings)).all()
        assert dorms and {r.building_id for r in rows} == dorms
        assert all(r.restore_limit == 3 and r.restore_delay_s == 300 for r in rows)
        fed = controlled_meters(s)
        tenants = set(
            s.scalars(
                select(Meter.id).where(Meter.building_id.in_(dorms), Meter.role == MeterRole.TENANT)
            )
        )
    assert tenants and tenants == fed  # the masters and common meters are not fed
