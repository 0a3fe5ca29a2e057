"""Alembic migrations: an empty database, the previous revision with data, and drift."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app.db import Database, open_database
from app.migrate import SchemaTooNewError, current_revision, head_revision, upgrade
from app.models import Base


def test_upgrade_empty_database_creates_every_table(db_url: str) -> None:
    db = open_database(db_url)
    assert current_revision(db) == head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    db.dispose()


def test_upgrade_is_idempotent(db_url: str) -> None:
    db = open_database(db_url)
    upgrade(db)
    upgrade(db)
    assert current_revision(db) == head_revision()
    db.dispose()


def test_upgrade_from_previous_revision_keeps_data(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(db, "0001")
    assert "meter_state" not in inspect(db.engine).get_table_names()
    now = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).isoformat(sep=" ")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO park (id, name, address, phone, created_at) "
                f"VALUES (1, '老园区', '', '', '{now}')"
            )
        )
        conn.execute(text("INSERT INTO building (id, park_id, name) VALUES (1, 1, 'A栋')"))
        conn.execute(
            text("INSERT INTO floor (id, building_id, name, level) VALUES (1, 1, '1F', 1)")
        )
        conn.execute(
            text("INSERT INTO room (id, floor_id, number, area_m2) VALUES (1, 1, '101', 3650)")
        )
    upgrade(db)
    assert current_revision(db) == head_revision()
    with db.read() as s:
        assert s.execute(text("SELECT number, area_m2 FROM room")).one() == ("101", 3650)
        assert s.execute(text("SELECT name FROM park")).scalar_one() == "老园区"
    assert "meter_state" in inspect(db.engine).get_table_names()
    db.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    """A model change without a migration shows up here."""
    db = open_database(db_url)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []
    db.dispose()


def test_database_from_newer_release_is_refused(db_url: str) -> None:
    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaTooNewError, match="newer"):
        upgrade(db)
    db.dispose()


def test_0006_moves_tier_progress_from_meters_to_their_account(tmp_path: Path) -> None:
    """一户多表: the account's period is its meters' latest, its kWh their sum in it."""
    from decimal import Decimal

    from app.models import (
        Account,
        BillingMode,
        Building,
        Floor,
        Link,
        Meter,
        MeterRole,
        Park,
        Protocol,
        Room,
        Tenant,
        TenantKind,
    )

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(db, "0005")
    with db.write() as s:
        park = Park(name="园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="A栋")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        tenant = Tenant(name="张三", kind=TenantKind.DORM)
        link = Link(name="bus", url="/dev/ttyUSB0", protocol=Protocol.MODBUS)
        s.add_all([floor, tenant, link])
        s.flush()
        account = Account(number="A0001", tenant_id=tenant.id)
        s.add(account)
        s.flush()
        room = Room(floor_id=floor.id, number="101", account_id=account.id)
        s.add(room)
        s.flush()
        for address in ("1", "2", "3"):
            s.add(
                Meter(
                    link_id=link.id,
                    address=address,
                    profile="sim-prepaid-modbus",
                    role=MeterRole.TENANT,
                    billing_mode=BillingMode.PLATFORM,
                    room_id=room.id,
                    building_id=building.id,
                )
            )
        account_id = account.id
    ts = datetime(2026, 3, 5, tzinfo=UTC).isoformat(sep=" ")
    with db.engine.begin() as conn:
        for meter_id, period, kwh in (
            (1, "2026-3", "80.5"),
            (2, "2026-3", "40"),
            (3, "2026-2", "900"),
        ):
            conn.execute(
                text(
                    "INSERT INTO meter_billing (meter_id, last_ts, last_total, period, period_kwh, "
                    f"exact_yuan, charged_fen, updated_at) VALUES ({meter_id}, '{ts}', 0, "
                    f"'{period}', '{kwh}', '1.5', 150, '{ts}')"
                )
            )
    upgrade(db)
    with db.read() as s:
        row = s.execute(
            text("SELECT period, period_kwh, free_kwh FROM account_billing WHERE account_id = :a"),
            {"a": account_id},
        ).one()
        kept = s.execute(text("SELECT exact_yuan, charged_fen FROM meter_billing")).all()
    assert (row[0], Decimal(row[1]), row[2]) == ("2026-3", Decimal("120.5"), "0")
    assert kept == [("1.5", 150)] * 3
    db.dispose()


def test_0009_widens_the_status_check_of_a_database_with_let_rooms(tmp_path: Path) -> None:
    """A 0008 database whose accounts are referenced (rooms, ON DELETE RESTRICT, foreign
    keys on) upgrades in place: rows kept, 'preset' admitted, nonsense still refused."""
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(db, "0008")
    now = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).isoformat(sep=" ")
    with db.engine.begin() as conn:
        for sql in (
            f"INSERT INTO park (id, name, address, phone, created_at) "
            f"VALUES (1, 'P', '', '', '{now}')",
            "INSERT INTO building (id, park_id, name) VALUES (1, 1, 'A')",
            "INSERT INTO floor (id, building_id, name, level) VALUES (1, 1, '1F', 1)",
            f"INSERT INTO tenant (id, name, kind, initials, contact, phone, created_at) "
            f"VALUES (1, '张三', 'person', 'zs', '', '', '{now}')",
            f"INSERT INTO account (id, number, tenant_id, status, balance_fen, overdraft_fen, "
            f"opened_at) VALUES (1, 'E1', 1, 'open', 500, 0, '{now}')",
            "INSERT INTO room (id, floor_id, number, area_m2, account_id) "
            "VALUES (1, 1, '101', 0, 1)",
        ):
            conn.execute(text(sql))
    upgrade(db)
    assert current_revision(db) == head_revision()
    with db.engine.begin() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        conn.execute(text("UPDATE account SET status = 'preset' WHERE id = 1"))
        assert conn.execute(text("SELECT account_id FROM room")).scalar_one() == 1
    with pytest.raises(Exception, match="CHECK"), db.engine.begin() as conn:
        conn.execute(text("UPDATE account SET status = 'bogus' WHERE id = 1"))
    db.dispose()
