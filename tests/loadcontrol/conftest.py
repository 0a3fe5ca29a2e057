"""The dormitory of the time-control tests (building 宿舍A, rooms 101, 102, 201, one meter
each, online and on) under load control, and detections built by hand: the rules take
Detections only (app.loadcontrol.signals), whatever detector made them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.db import Database
from app.loadcontrol.signals import Detection, LoadStep, Verdict
from app.loadcontrol.store import LoadConfig, save_settings
from app.security import system_actor
from tests.timecontrol.conftest import Dorm, build_dorm

ADMIN = system_actor(name="cli:test")


def step(meter_id: int, when: datetime, delta_w: float = 1800.0, pf: float = 0.99) -> LoadStep:
    return LoadStep(meter_id, when, delta_w, pf, 60.0, 60.0 + delta_w)


def forbidden(meter_id: int, when: datetime, appliance: str = "immersion_heater") -> Detection:
    return Detection(
        meter_id, when, Verdict.FORBIDDEN, appliance, 0.97, step(meter_id, when), "platform"
    )


def allowed(meter_id: int, when: datetime, verdict: Verdict = Verdict.ALLOWED) -> Detection:
    return Detection(meter_id, when, verdict, "desktop_pc", 0.9, step(meter_id, when, 180, 0.95))


def control(db: Database, dorm: Dorm, *, delay: int = 300, limit: int = 2, **kw: object) -> None:
    """宿舍A under load control: cut, alarm, message; ``delay`` s; ``limit`` restores a day."""
    config = LoadConfig(restore_delay_s=delay, restore_limit=limit, **kw)  # type: ignore[arg-type]
    save_settings(db, ADMIN, dorm.building_id, config)


@pytest.fixture
def dorm(db: Database) -> Dorm:
    d = build_dorm(db)
    control(db, d)
    return d


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
