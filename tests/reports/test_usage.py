"""The use engine against hand-computed figures (tests/reports/energy_park.py), on SQLite and
PostgreSQL: freeze before interval, park-time midnight, swap, roll-over, reset, missing day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.db import Database
from app.reports import Grain, Period
from app.reports.usage import Source, Use, boundary_readings, use_by_bucket

from .energy_park import SWAP_AT, ZONE, EnergyPark, build_energy_park, local

pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)

NOV = Period(date(2026, 11, 1), date(2026, 11, 4), ZONE)


def day(n: int) -> date:
    return date(2026, 11, n)


def kwh(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture
def park(db: Database) -> EnergyPark:
    return build_energy_park(db)


def by_day(park: EnergyPark, meter_ids: list[int] | None = None) -> dict[int, dict[date, Use]]:
    with park.db.read() as s:
        return use_by_bucket(s, NOV, Grain.DAY, meter_ids)


def totals(uses: dict[date, Use]) -> list[Decimal]:
    return [uses[day(n)].kwh for n in range(1, 5)]


def test_freeze_first_then_first_interval_after_park_midnight(park: EnergyPark) -> None:
    use = by_day(park)[park.m1]
    assert totals(use) == [kwh("12.50"), kwh("7.50"), kwh("10.00"), kwh("11.00")]
    assert use[day(1)].bands == {
        "sharp": kwh("1.00"),
        "peak": kwh("4.00"),
        "flat": kwh("3.00"),
        "valley": kwh("4.50"),
    }
    # 3 Nov has no freeze: 00:15 park time (2 Nov 16:15 UTC) stands for midnight
    assert use[day(2)].bands["valley"] == kwh("1.50")
    assert use[day(3)].bands == {
        "sharp": kwh("1.00"),
        "peak": kwh("2.00"),
        "flat": kwh("3.00"),
        "valley": kwh("4.00"),
    }
    assert all(u.complete for u in use.values())


def test_sources_and_times_of_the_boundaries(park: EnergyPark) -> None:
    days = [day(n) for n in range(1, 6)]
    with park.db.read() as s:
        values = boundary_readings(s, [park.m1, park.m3, park.m3n], days, ZONE, times=True)
    m1 = values[park.m1]
    assert m1[day(1)].source is Source.DAILY and m1[day(1)].ts == local(1)
    assert m1[day(3)].source is Source.INTERVAL and m1[day(3)].ts == local(3, 0, 15)
    assert m1[day(3)].ts.hour == 16  # midnight in park time is 16:00 UTC the day before
    assert m1[day(3)].total == 12000 and m1[day(3)].bands == (1200, 2600, 3600, 4600)
    old = values[park.m3]
    assert old[day(4)].source is Source.SWAP and old[day(4)].total == 25000
    assert old[day(4)].ts == SWAP_AT and not old[day(4)].estimated
    new = values[park.m3n]
    assert new[day(1)].source is Source.FIRST and not new[day(1)].estimated
    assert new[day(3)].source is Source.INTERVAL and new[day(3)].total == 50


def test_register_roll_over_is_the_wrapped_use(park: EnergyPark) -> None:
    use = by_day(park)[park.m2]
    assert totals(use) == [kwh("5.50"), kwh("7.75"), kwh("6.75"), kwh("10.00")]
    assert all(u.complete for u in use.values())
    assert use[day(1)].bands == {}  # no band registers


def test_a_reset_counts_nothing_and_is_incomplete(park: EnergyPark) -> None:
    use = by_day(park)[park.m5]
    assert totals(use) == [kwh("10.00"), kwh("0.00"), kwh("3.00"), kwh("1.00")]
    assert [use[day(n)].complete for n in range(1, 5)] == [True, False, True, True]


def test_meter_swap_each_meter_on_its_own_span(park: EnergyPark) -> None:
    uses = by_day(park)
    assert totals(uses[park.m3]) == [kwh("20.00"), kwh("20.00"), kwh("10.00"), kwh("0.00")]
    assert totals(uses[park.m3n]) == [kwh("0.00"), kwh("0.00"), kwh("11.50"), kwh("13.00")]
    assert all(u.complete for u in uses[park.m3].values())
    assert all(u.complete for u in uses[park.m3n].values())
    with park.db.read() as s:
        month = use_by_bucket(s, NOV, Grain.MONTH, [park.m3, park.m3n])
    # the room's use is the sum of its meters: 50.00 on the old, 24.50 on the new
    assert month[park.m3][day(1)].kwh + month[park.m3n][day(1)].kwh == kwh("74.50")


def test_a_missing_day_is_estimated_and_marked(park: EnergyPark) -> None:
    use = by_day(park)[park.m4]
    assert totals(use) == [kwh("4.00"), kwh("6.00"), kwh("0.00"), kwh("5.00")]
    assert [use[day(n)].complete for n in range(1, 5)] == [True, False, False, True]
    # the period's total is still right: last boundary minus first
    assert sum(totals(use), Decimal(0)) == kwh("15.00")


def test_month_bucket_equals_the_sum_of_days(park: EnergyPark) -> None:
    days = by_day(park)
    with park.db.read() as s:
        month = use_by_bucket(s, NOV, Grain.MONTH)
    for meter_id in (park.m1, park.m2, park.m3, park.m3n, park.m4, park.m5, park.master):
        assert month[meter_id][day(1)].kwh == sum(totals(days[meter_id]), Decimal(0))
    assert month[park.m1][day(1)].bands["valley"] == kwh("15.00")
    assert month[park.m5][day(1)].complete is False


def test_a_boundary_still_to_come_uses_the_latest_reading(park: EnergyPark) -> None:
    period = Period(day(4), day(10), ZONE)  # readings stop on the 5th
    with park.db.read() as s:
        use = use_by_bucket(s, period, Grain.MONTH, [park.m1])[park.m1][day(1)]
    assert use.kwh == kwh("11.00") and not use.complete


def test_meters_without_readings_and_removed_before_the_period(park: EnergyPark) -> None:
    later = Period(day(10), day(12), ZONE)
    with park.db.read() as s:
        uses = use_by_bucket(s, later, Grain.DAY)
    assert park.m3 not in uses  # swapped away before the period
    assert uses[park.m3n][day(10)] == Use(kwh("0.00"), {}, False)


def test_a_freeze_stamped_after_midnight_counts_and_the_first_of_the_day_wins(
    park: EnergyPark,
) -> None:
    from app.models import Reading, ReadingKind

    with park.db.write() as s:
        for at, total in ((local(3, 12), "58.00"), (local(3, 0, 2), "57.00")):
            s.add(
                Reading(
                    meter_id=park.m4, kind=ReadingKind.DAILY, ts=at, energy_total=Decimal(total)
                )
            )
    use = by_day(park)[park.m4]
    assert totals(use) == [kwh("4.00"), kwh("3.00"), kwh("3.00"), kwh("5.00")]
    assert all(u.complete for u in use.values())
