"""The energy report (能耗报表) against hand-computed figures of tests/reports/energy_park.py,
on SQLite and PostgreSQL: per room, account, floor, building and park, by day and month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.db import Database
from app.models import Role
from app.reports import Grain, Period, ReportError, ReportRequest, Scope, run_report
from app.reports.table import as_dict
from app.security import PermissionDenied, add_operator, login

from .energy_park import PASSWORD, ZONE, EnergyPark, build_energy_park

pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)

NOV = Period(date(2026, 11, 1), date(2026, 11, 4), ZONE)


@pytest.fixture
def park(db: Database) -> EnergyPark:
    return build_energy_park(db)


def energy(park: EnergyPark, grain: Grain, level: str, scope: Scope | None = None):  # type: ignore[no-untyped-def]
    request = ReportRequest("energy", NOV, grain, scope or Scope(), {"level": level})
    return run_report(park.db, park.admin, request)


def rows(report) -> list[dict]:  # type: ignore[no-untyped-def]
    return [as_dict(report.main, row) for row in report.main.rows]


def test_per_room_by_day_sums_a_swapped_rooms_two_meters(park: EnergyPark) -> None:
    report = energy(park, Grain.DAY, "room")
    found = {(r["room"], r["bucket"]): r for r in rows(report)}
    assert len(found) == 5 * 4  # five rooms, four days; the master meter is no room
    room103 = [found[("103", f"2026-11-0{d}")]["kwh"] for d in range(1, 5)]
    assert room103 == [Decimal("20.00"), Decimal("20.00"), Decimal("21.50"), Decimal("13.00")]
    first = found[("101", "2026-11-01")]
    assert (first["sharp"], first["peak"], first["flat"], first["valley"]) == (
        Decimal("1.00"),
        Decimal("4.00"),
        Decimal("3.00"),
        Decimal("4.50"),
    )
    assert found[("102", "2026-11-02")]["kwh"] == Decimal("7.75")  # the roll-over
    assert found[("201", "2026-11-03")]["note"] and found[("104", "2026-11-02")]["note"]
    assert not found[("101", "2026-11-03")]["note"]
    assert report.main.total[report.main.index("kwh")] == Decimal("174.50")
    subtotals = {g: sub[report.main.index("kwh")] for g, _, sub in report.main.subtotals()}
    assert subtotals == {"A栋": Decimal("159.50"), "B栋": Decimal("15.00")}
    assert report.notes  # estimated rows are explained


def test_per_building_by_month_with_bands(park: EnergyPark) -> None:
    report = energy(park, Grain.MONTH, "building")
    assert [(r["building"], r["bucket"], r["kwh"]) for r in rows(report)] == [
        ("A栋", "2026-11", Decimal("159.50")),
        ("B栋", "2026-11", Decimal("15.00")),
    ]
    a = rows(report)[0]
    assert [a[b] for b in ("sharp", "peak", "flat", "valley")] == [
        Decimal("4.00"),
        Decimal("10.00"),
        Decimal("12.00"),
        Decimal("15.00"),
    ]


def test_per_account_floor_and_park(park: EnergyPark) -> None:
    accounts = {r["account"]: r["kwh"] for r in rows(energy(park, Grain.MONTH, "account"))}
    assert accounts == {
        "A-01": Decimal("71.00"),
        "A-02": Decimal("88.50"),
        "B-01": Decimal("15.00"),
    }
    floors = {
        (r["building"], r["floor"]): r["kwh"] for r in rows(energy(park, Grain.YEAR, "floor"))
    }
    assert floors == {("A栋", "1F"): Decimal("159.50"), ("B栋", "2F"): Decimal("15.00")}
    park_rows = energy(park, Grain.DAY, "park")
    assert [r["kwh"] for r in rows(park_rows)] == [
        Decimal("52.00"),
        Decimal("41.25"),
        Decimal("41.25"),
        Decimal("40.00"),
    ]
    assert park_rows.series["sharp"] == [
        ("2026-11-01", Decimal("1.00")),
        ("2026-11-02", Decimal("1.00")),
        ("2026-11-03", Decimal("1.00")),
        ("2026-11-04", Decimal("1.00")),
    ]
    assert park_rows.series["valley"][0] == ("2026-11-01", Decimal("4.50"))


def test_scope_of_one_building(park: EnergyPark) -> None:
    report = energy(park, Grain.MONTH, "room", Scope(building_id=park.buildings["B栋"], text="B栋"))
    assert [(r["room"], r["kwh"]) for r in rows(report)] == [("201", Decimal("15.00"))]
    assert report.scope == "B栋"


def test_bad_level_and_who_may_read(park: EnergyPark) -> None:
    with pytest.raises(ReportError, match="floorz"):
        energy(park, Grain.DAY, "floorz")
    request = ReportRequest("energy", NOV, Grain.DAY, Scope(), {"tenant": "x"})
    with pytest.raises(ReportError, match="tenant"):
        run_report(park.db, park.admin, request)
    add_operator(park.db, park.admin, "cash1", "收银", Role.CASHIER, PASSWORD)
    cashier = login(park.db, "cash1", PASSWORD)
    with pytest.raises(PermissionDenied):
        run_report(park.db, cashier, ReportRequest("energy", NOV))
    add_operator(park.db, park.admin, "audit1", "审计", Role.AUDITOR, PASSWORD)
    auditor = login(park.db, "audit1", PASSWORD)
    assert run_report(park.db, auditor, ReportRequest("energy", NOV)).main.rows


def test_a_period_without_readings_is_an_empty_report_that_says_so(park: EnergyPark) -> None:
    october = Period(date(2026, 10, 1), date(2026, 10, 5), ZONE)  # readings start 1 Nov
    for kind in ("energy", "readings"):
        report = run_report(park.db, park.admin, ReportRequest(kind, october, Grain.DAY))
        assert report.empty and report.notes, kind
