"""Migrations 0014-0015 (time control) agree with the models, go down to 0013 and up again, and
its unique key refuses a transition executed twice (both back ends)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from app.db import open_database
from app.migrate import alembic_config, current_revision, head_revision, upgrade
from app.models import Base, TimetableTransition

from .conftest import build_dorm, lights_out

TABLES = {"timetable", "timetable_rule", "timetable_holiday", "timetable_transition"}


def test_models_and_migration_agree(db_url: str) -> None:
    db = open_database(db_url)
    assert head_revision() >= "0015"
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    db.dispose()


def test_down_to_before_time_control_and_up_again(db_url: str) -> None:
    """Down past 0015 (timetable.changed_at) and 0014 (the tables) to 0013, and up again."""
    db = open_database(db_url)
    command.downgrade(alembic_config(db), "0014")
    assert "changed_at" not in {c["name"] for c in inspect(db.engine).get_columns("timetable")}
    command.downgrade(alembic_config(db), "0013")
    assert not TABLES & set(inspect(db.engine).get_table_names())
    upgrade(db)
    assert current_revision(db) == head_revision()
    assert "changed_at" in {c["name"] for c in inspect(db.engine).get_columns("timetable")}
    assert set(inspect(db.engine).get_table_names()) >= TABLES
    db.dispose()


def test_one_transition_row_per_timetable_meter_instant_and_kind(db_url: str) -> None:
    db = open_database(db_url)
    dorm = build_dorm(db)
    plan = lights_out(db, ("building", (dorm.building_id,)))
    at = datetime(2026, 9, 30, 15, 0, tzinfo=UTC)
    row = {"timetable_id": plan.id, "meter_id": dorm.meters["101"], "at": at, "kind": "off"}
    with db.write() as s:
        s.add(TimetableTransition(**row, outcome="queued"))
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(TimetableTransition(**row, outcome="queued"))
        s.flush()
    db.dispose()
