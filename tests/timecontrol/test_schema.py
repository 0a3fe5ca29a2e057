"""Migration 0014 (time control) agrees with the models, goes down to 0012 and up again, and
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
    assert head_revision() == "0014"
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    db.dispose()


def test_one_step_down_and_up_again(db_url: str) -> None:
    """One step: to 0012 on this branch, to 0013 once the merge re-chains 0014 onto it."""
    db = open_database(db_url)
    command.downgrade(alembic_config(db), "-1")
    assert current_revision(db) in ("0012", "0013")
    assert not TABLES & set(inspect(db.engine).get_table_names())
    upgrade(db)
    assert current_revision(db) == "0014"
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
