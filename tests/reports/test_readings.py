"""The meter reading sheet (抄表记录) on tests/reports/energy_park.py, SQLite and PostgreSQL:
start and end readings with their time and source, the swap, and the master meter beside
the sum of its sub-meters."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from app.db import Database
from app.models import Meter
from app.reports import Grain, Period, ReportRequest, Scope, run_report
from app.reports.table import as_dict

from .energy_park import SWAP_AT, ZONE, EnergyPark, build_energy_park, local

pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)

NOV = Period(date(2026, 11, 1), date(2026, 11, 4), ZONE)


@pytest.fixture
def park(db: Database) -> EnergyPark:
    return build_energy_park(db)


def sheet(park: EnergyPark, scope: Scope | None = None):  # type: ignore[no-untyped-def]
    return run_report(
        park.db, park.admin, ReportRequest("readings", NOV, Grain.DAY, scope or Scope())
    )


def test_start_and_end_readings_with_time_and_source(park: EnergyPark) -> None:
    report = sheet(park)
    table = report.tables[0]
    rows = {r["meter"]: r for r in (as_dict(table, row) for row in table.rows)}
    assert set(rows) == {"1", "2", "3", "33", "4", "5"}  # the master meter is in table 2
    m1 = rows["1"]
    assert (m1["start_kwh"], m1["end_kwh"], m1["kwh"]) == (
        Decimal("100.00"),
        Decimal("141.00"),
        Decimal("41.00"),
    )
    assert m1["start_at"] == local(1) and m1["start_at"].hour == 16  # park midnight, UTC 16:00
    assert m1["start_source"] == "daily freeze" and not m1["note"]
    assert rows["2"]["kwh"] == Decimal("30.00")  # across the roll-over
    old, new = rows["3"], rows["33"]
    assert (old["end_kwh"], old["end_at"], old["end_source"]) == (
        Decimal("250.00"),
        SWAP_AT,
        "final reading (swap)",
    )
    assert (new["start_kwh"], new["start_at"], new["start_source"]) == (
        Decimal("0.50"),
        SWAP_AT + timedelta(minutes=15),
        "first reading (new meter)",
    )
    assert (old["kwh"], new["kwh"]) == (Decimal("50.00"), Decimal("24.50"))
    assert old["room"] == new["room"] == "103"
    assert rows["5"]["kwh"] == Decimal("14.00") and rows["5"]["note"]  # reset: day by day
    assert table.total[table.index("kwh")] == Decimal("174.50")


def test_master_meter_beside_its_sub_meters(park: EnergyPark) -> None:
    table = sheet(park).tables[1]
    assert len(table.rows) == 1
    row = as_dict(table, table.rows[0])
    assert row["building"] == "A栋"
    assert (row["start_kwh"], row["end_kwh"], row["master_kwh"]) == (
        Decimal("8000.00"),
        Decimal("8186.00"),
        Decimal("186.00"),
    )
    # by parent_id: m1, m2, m3 and the new meter of the swap (it inherits the parent)
    assert (row["subs"], row["subs_kwh"]) == (4, Decimal("145.50"))
    assert (row["gap_kwh"], row["gap_pct"]) == (Decimal("40.50"), Decimal("21.77"))


def test_without_parent_links_the_building_is_the_master_s_scope(park: EnergyPark) -> None:
    with park.db.write() as s:
        s.execute(update(Meter).values(parent_id=None))
    row = as_dict(sheet(park).tables[1], sheet(park).tables[1].rows[0])
    assert (row["subs"], row["subs_kwh"], row["gap_kwh"]) == (
        5,
        Decimal("159.50"),
        Decimal("26.50"),
    )
    assert row["note"]  # room 104's reset makes the sum an estimate


def test_scopes(park: EnergyPark) -> None:
    b = sheet(park, Scope(building_id=park.buildings["B栋"], text="B栋"))
    assert [r[2] for r in b.tables[0].rows] == ["4"] and not b.tables[1].rows
    account = sheet(park, Scope(account_id=park.accounts["A-02"], text="A-02"))
    assert sorted(r[2] for r in account.tables[0].rows) == ["3", "33", "5"]
    assert not account.tables[1].rows and account.tables[1].note
