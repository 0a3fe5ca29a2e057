"""The comparison report (同比/环比) against hand-computed figures, energy and income.

The park of ``smallpark`` plus readings for February 2026 and March 2025: March 2026 is
compared with February (环比) and March 2025 (同比), per building, per band, and the rooms
that changed most; the window's two lines come in ``Report.series``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from app.db import Database
from app.reports import Period, ReportError, ReportRequest, run_report
from app.reports.table import Cell, Report, Row, Table, as_dict
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

from .smallpark import SmallPark, at, build, daily

D = Decimal

# both back ends, as tests/reports/test_usage.py does (tests/reports is not in BOTH_BACKENDS)
pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> SmallPark:
    """February 2026: A101 14 kWh, A102 50 (5/15/20/10), B201 20; March 2025: A101 40,
    B201 10, A102 none (its first reading is in 2026)."""
    park = build(db)
    daily(park, "P1", at(2, 1), "990")
    daily(park, "M1", at(2, 1), "450", ("45", "135", "180", "90"))
    daily(park, "P2", at(2, 1), "180")
    daily(park, "P1", at(3, 1, year=2025), "800")
    daily(park, "P1", at(4, 1, year=2025), "840")
    daily(park, "P2", at(3, 1, year=2025), "100")
    daily(park, "P2", at(4, 1, year=2025), "110")
    return park


def _report(park: SmallPark, measure: str | None = None, limit: int | None = None) -> Report:
    filters = {"measure": measure} if measure else {}
    request = ReportRequest("compare", Period.month(2026, 3), filters=filters, limit=limit)
    return run_report(park.db, park.admin, request)


def _line(table: Table, row: Row | None) -> tuple[Cell, ...]:
    assert row is not None
    d = as_dict(table, row)
    return tuple(
        d[k]
        for k in (
            "current",
            "previous",
            "change_previous",
            "pct_previous",
            "year_before",
            "change_year",
            "pct_year",
        )
    )


def test_energy_by_building_and_park(park: SmallPark) -> None:
    report = _report(park)  # energy is the default measure
    table = report.tables[0]
    rows = {r[0]: _line(table, r) for r in table.rows}
    assert rows["A栋"] == (D(132), D(64), D(68), D("106.25"), D(40), D(92), D("230.00"))
    assert rows["B栋"] == (D("12.5"), D(20), D("-7.5"), D("-37.50"), D(10), D("2.5"), D("25.00"))
    assert _line(table, table.total) == (
        D("144.5"),
        D(84),
        D("60.5"),
        D("72.02"),
        D(50),
        D("94.5"),
        D("189.00"),
    )
    assert "2026-02" in table.note and "2025-03" in table.note


def test_energy_by_band(park: SmallPark) -> None:
    table = _report(park).tables[1]
    rows = {r[0]: _line(table, r) for r in table.rows}
    assert rows["sharp"] == (D(10), D(5), D(5), D("100.00"), D(0), D(10), None)
    assert rows["valley"][:3] == (D(20), D(10), D(10))


def test_rooms_that_changed_most(park: SmallPark) -> None:
    table = _report(park, limit=1).tables[2]
    rows = [as_dict(table, r) for r in table.rows]
    assert [(r["direction"], r["room"], r["change_previous"]) for r in rows] == [
        ("up", "A102", D(50)),
        ("down", "B201", D("-7.5")),
    ]
    full = _report(park).tables[2]
    everything = [as_dict(full, r) for r in full.rows]
    assert [r["room"] for r in everything] == ["A102", "A101", "B201"]
    assert all(r["room"] != "A103" for r in everything)  # vacant, no meter


def test_energy_series_this_year_against_last(park: SmallPark) -> None:
    series = _report(park).series
    assert set(series) == {"2026", "2025"}
    # a month before the first reading is a gap, not a zero: January 2026 has no reading
    # to measure by, nor do January and February 2025
    assert series["2026"] == [("02", D(84)), ("03", D("144.5"))]
    assert series["2025"][0] == ("03", D(50))


def test_income(park: SmallPark) -> None:
    report = _report(park, "income")
    assert len(report.tables) == 2  # no band table for money
    table = report.tables[0]
    rows = {r[0]: _line(table, r) for r in table.rows}
    # March: A101 ¥200 + A102 ¥30; B201 ¥80 less the ¥20 refund (no room: the account's)
    assert rows["A栋"] == (23000, 15000, 8000, D("53.33"), 0, 23000, None)
    assert rows["B栋"] == (6000, 0, 6000, None, 0, 6000, None)
    assert _line(table, table.total)[:4] == (29000, 15000, 14000, D("93.33"))
    movers = [as_dict(report.tables[1], r) for r in report.tables[1].rows]
    assert [(r["room"], r["change_previous"]) for r in movers] == [
        ("A101", 10000),
        ("B201", 6000),
        ("A102", -2000),
    ]
    series = report.series
    assert [v for _, v in series["2026"]] == [D("0.00"), D("150.00"), D("290.00")]
    assert all(v == 0 for _, v in series["2025"])


def test_bad_measure_and_filter(park: SmallPark) -> None:
    with pytest.raises(ReportError, match="energy or income"):
        _report(park, "water")
    request = ReportRequest("compare", Period.month(2026, 3), filters={"colour": "red"})
    with pytest.raises(ReportError, match="colour"):
        run_report(park.db, park.admin, request)


def test_one_pass_of_months_equals_a_pass_per_period(park: SmallPark) -> None:
    """Whole months are summed from one month-bucket pass; other periods take their own
    pass (``energy_figures``): on whole months both give the same figures."""
    from app.reports.compare import _room_meters, energy_figures, month_uses
    from app.reports.request import Scope

    with park.db.read() as s:
        meters = _room_meters(s, Scope())
        months = month_uses(s, Period(at(1, 1, year=2025).date(), at(3, 31).date()), meters, True)
        for period in (Period.month(2026, 3), Period.month(2026, 2), Period.month(2025, 3)):
            alone = energy_figures(s, period, meters, True)
            summed = months.figures(period)
            assert alone.rooms == summed.rooms and alone.bands == summed.bands, period


def test_a_period_with_missing_readings_is_flagged(park: SmallPark) -> None:
    """A102's meter has no reading before 2026: its March 2025 counts nothing, and the note
    says the year before is incomplete (a 同比 of +189 % would otherwise read as true)."""
    note = _report(park).tables[0].note
    missing = note.split("Readings are missing in ", 1)
    assert len(missing) == 2, note
    assert "2025-03" in missing[1] and "2026-03" not in missing[1].split(":")[0], note
