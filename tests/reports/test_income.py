"""The income report (收入概况) on the small park of ``moneypark``: hand-computed figures by
day, month and year, the park-local month end, refunds netted, roles; both back ends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from app.db import Database
from app.reports import Grain, Period, ReportError, ReportRequest, Scope, kinds, run_report
from app.reports.table import Report, as_dict
from app.security import PermissionDenied
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

from .moneypark import MoneyPark, build_money_park

pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> MoneyPark:
    return build_money_park(db)


def income(
    park: MoneyPark, period: Period, grain: Grain, who: str = "auditor", **kw: object
) -> Report:
    request = ReportRequest("income", period, grain, **kw)  # type: ignore[arg-type]
    return run_report(park.db, park.staff[who], request)


def by_label(report: Report) -> dict[str, dict[str, object]]:
    return {str(row[0]): as_dict(report.main, row) for row in report.main.rows}


NOVEMBER = {
    "cash": -3025 - 18550,
    "card": 20050,
    "transfer": 5000,
    "qr": 30000 - 30000,
    "online": 0,
    "electricity": 3475,
    "fees": 0,
    "deposits": 0,
    "gross": 20050 + 30000 + 5000,
    "refunds": 3025 + 30000 + 18550,
    "net": 3475,
}


def test_by_month_over_a_year_across_the_park_local_month_end(park: MoneyPark) -> None:
    report = income(park, Period.year(2026), Grain.MONTH)
    months = by_label(report)
    assert list(months) == [f"2026-{m:02d}" for m in range(1, 13)]
    october = {k: v for k, v in months["2026-10"].items() if k != "bucket"}
    assert october == {
        **{k: 0 for k in NOVEMBER},
        "cash": 10000,
        "electricity": 10000,
        "gross": 10000,
        "net": 10000,
    }
    assert {k: months["2026-11"][k] for k in NOVEMBER} == NOVEMBER
    assert all(months[f"2026-{m:02d}"]["net"] == 0 for m in (1, 2, 9, 12))
    total = as_dict(report.main, report.main.total or ())
    assert (total["net"], total["gross"], total["refunds"]) == (13475, 65050, 51575)
    assert report.series["Net income"][9:11] == [
        ("2026-10", Decimal("100.00")),
        ("2026-11", Decimal("34.75")),
    ]


def test_composition_by_method_and_by_what_was_paid_for(park: MoneyPark) -> None:
    report = income(park, Period.month(2026, 11), Grain.DAY)
    by_method, paid_for = report.tables[1], report.tables[2]
    methods = {
        r["item"]: (r["gross"], r["refunds"], r["net"], r["share"])
        for r in (as_dict(by_method, row) for row in by_method.rows)
    }
    assert methods == {
        "Cash": (0, 21575, -21575, Decimal("0.00")),
        "Bank card": (20050, 0, 20050, Decimal("36.42")),  # 20050 / 55050
        "Bank transfer": (5000, 0, 5000, Decimal("9.08")),
        "QR payment": (30000, 30000, 0, Decimal("54.50")),
        "Online payment": (0, 0, 0, Decimal("0.00")),
    }
    assert as_dict(by_method, by_method.total or ())["net"] == 3475
    purposes = {as_dict(paid_for, r)["item"]: as_dict(paid_for, r)["net"] for r in paid_for.rows}
    assert purposes == {"Electricity": 3475, "Fees": 0, "Deposits": 0}


def test_by_day_the_minute_after_midnight_is_the_next_day(park: MoneyPark) -> None:
    days = by_label(income(park, Period(date(2026, 10, 31), date(2026, 11, 6)), Grain.DAY))
    assert [days[d]["net"] for d in sorted(days)] == [10000, 20050, 30000, 5000, 0, -3025, -30000]
    assert days["2026-10-31"]["cash"] == 10000 and days["2026-11-01"]["card"] == 20050
    reversal = days["2026-11-06"]
    assert (reversal["qr"], reversal["refunds"], reversal["gross"]) == (-30000, 30000, 0)


def test_by_year_and_a_custom_span_clipped(park: MoneyPark) -> None:
    years = by_label(income(park, Period(date(2025, 6, 1), date(2027, 1, 31)), Grain.YEAR))
    assert {y: r["net"] for y, r in years.items()} == {"2025": 0, "2026": 13475, "2027": 0}
    span = by_label(income(park, Period(date(2026, 11, 2), date(2026, 11, 9)), Grain.MONTH))
    assert span["2026-11"]["net"] == 30000 + 5000 - 3025 - 30000 - 18550


def test_scope_building_and_account(park: MoneyPark) -> None:
    with park.db.read() as s:
        from app.reports import resolve_scope

        building_b = resolve_scope(s, building="B栋")
    b = by_label(income(park, Period.month(2026, 11), Grain.MONTH, scope=building_b))
    assert (b["2026-11"]["card"], b["2026-11"]["cash"], b["2026-11"]["net"]) == (
        20050,
        -18550,
        1500,
    )
    a101 = Scope(account_id=park.accounts["A101"], text="A101")
    report = income(park, Period.year(2026), Grain.YEAR, scope=a101)
    assert as_dict(report.main, report.main.total or ())["net"] == 10000 - 3025


def test_roles_and_bad_input(park: MoneyPark) -> None:
    for who in ("cashier1", "operator"):
        with pytest.raises(PermissionDenied):
            income(park, Period.month(2026, 11), Grain.DAY, who)
    assert income(park, Period.month(2026, 11), Grain.DAY, "admin").main.total is not None
    with pytest.raises(ReportError, match="no filters"):
        income(park, Period.month(2026, 11), Grain.DAY, filters={"method": "cash"})
    assert [k.name for k in kinds()][:2] == ["orders", "income"]
    import app.reports

    assert callable(app.reports.kinds)  # loading the kinds did not shadow the function
    empty = income(park, Period.year(2025), Grain.MONTH)
    assert empty.empty and empty.series["Net income"] == []
