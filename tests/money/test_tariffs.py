"""The tariff engine against hand-computed bills, and its invariants under hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.billing.quote import MeterReading, QuoteState, quote
from app.billing.tariff import Band, Tariff, TariffError, version_from_data, version_to_data

CN = ZoneInfo("Asia/Shanghai")
D = Decimal
SPRING = {
    "workday": [
        ["00:00", "valley"],
        ["08:00", "peak"],
        ["11:00", "flat"],
        ["18:00", "peak"],
        ["21:00", "flat"],
        ["23:00", "valley"],
    ],
    "weekend": [["00:00", "valley"], ["08:00", "flat"], ["23:00", "valley"]],
}
SUMMER = {
    "workday": [
        ["00:00", "valley"],
        ["08:00", "peak"],
        ["10:00", "sharp"],
        ["12:00", "peak"],
        ["14:00", "flat"],
        ["18:00", "peak"],
        ["19:00", "sharp"],
        ["21:00", "flat"],
        ["23:00", "valley"],
    ],
    "weekend": SPRING["weekend"],
}
TOU = {
    "effective_from": "2026-01-01T00:00:00+08:00",
    "prices": {"sharp": "1.2000", "peak": "1.0000", "flat": "0.6500", "valley": "0.3000"},
    "seasons": [
        {"start": "01-01", **SPRING},
        {"start": "07-01", **SUMMER},
        {"start": "10-01", **SPRING},
    ],
    "holidays": ["2026-10-01", "2026-10-02"],
}


def tou() -> Tariff:
    return Tariff("工业分时", (version_from_data(TOU),))


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=CN)


def r(moment: datetime, total: str, bands: dict[Band, Decimal] | None = None) -> MeterReading:
    return MeterReading(moment, D(total), bands)


def test_tou_across_midnight() -> None:
    # Tue 2026-03-03 22:00 -> Wed 02:00, 1 kWh per hour: 1 h flat, 3 h valley
    q = quote(tou(), [r(at(2026, 3, 3, 22), "100.00"), r(at(2026, 3, 4, 2), "104.00")])
    assert q.by_band() == {Band.FLAT: (D(1), 65), Band.VALLEY: (D(3), 90)}
    assert q.total_fen == 155


def test_tou_across_a_season_change() -> None:
    # Tue 2026-06-30 23:00 (spring) -> Wed 07-01 11:00 (summer): 9 valley, 2 peak, 1 sharp
    q = quote(tou(), [r(at(2026, 6, 30, 23), "0"), r(at(2026, 7, 1, 11), "12")])
    bands = {band: kwh for band, (kwh, _) in q.by_band().items()}
    assert bands == {Band.VALLEY: D(9), Band.PEAK: D(2), Band.SHARP: D(1)}
    assert q.total_fen == 270 + 200 + 120


def test_holiday_uses_the_holiday_schedule() -> None:
    # Thu 2026-10-01 10:00-12:00 is a holiday (weekend schedule: flat); a workday would be peak+flat
    holiday = quote(tou(), [r(at(2026, 10, 1, 10), "0"), r(at(2026, 10, 1, 12), "2")])
    workday = quote(tou(), [r(at(2026, 10, 8, 10), "0"), r(at(2026, 10, 8, 12), "2")])
    assert holiday.total_fen == 130
    assert workday.total_fen == 100 + 65


def tiered(extra: dict[str, object] | None = None) -> Tariff:
    data = {
        "effective_from": "2026-01-01T00:00:00+08:00",
        "prices": {"flat": "0.5000"},
        "tiers": [
            {"upto": "200", "add": "0"},
            {"upto": "400", "add": "0.05"},
            {"upto": None, "add": "0.30"},
        ],
        **(extra or {}),
    }
    return Tariff("居民阶梯", (version_from_data(data),))


def test_tier_boundary_crossed_inside_one_interval() -> None:
    readings = [
        r(at(2026, 3, 1, 0), "1000"),
        r(at(2026, 3, 10, 0), "1190"),
        r(at(2026, 3, 10, 1), "1220"),
    ]
    q = quote(tiered(), readings)
    last = [line for line in q.lines if line.start >= at(2026, 3, 10, 0)]
    assert [(line.tier, line.kwh, line.price) for line in last] == [
        (0, D(10), D("0.5000")),
        (1, D(20), D("0.5500")),
    ]
    assert q.total_fen == 9500 + 500 + 1100
    assert q.state.period_kwh == D(220)


def test_tier_period_restarts_each_month() -> None:
    readings = [r(at(2026, 3, 31, 23), "0"), r(at(2026, 4, 1, 1), "500")]
    q = quote(tiered(), readings)
    # 250 kWh in March (200 @0.50 + 50 @0.55), 250 kWh in April (200 @0.50 + 50 @0.55)
    assert q.total_fen == 2 * (10000 + 2750)
    assert q.state.period == (2026, 4)


def test_price_change_in_the_middle_of_a_month() -> None:
    old = version_from_data(
        {"effective_from": "2026-01-01T00:00:00+08:00", "prices": {"flat": "0.6000"}}
    )
    new = version_from_data(
        {"effective_from": "2026-03-16T00:00:00+08:00", "prices": {"flat": "0.7000"}}
    )
    readings = [r(at(2026, 3, 15, 12), "0"), r(at(2026, 3, 16, 12), "24")]
    assert quote(Tariff("商业", (old, new)), readings).total_fen == 720 + 840
    # adding a version never rewrites what was before it
    early = [r(at(2026, 3, 1), "0"), r(at(2026, 3, 15), "100")]
    assert (
        quote(Tariff("商业", (old, new)), early).total_fen
        == quote(Tariff("商业", (old,)), early).total_fen
        == 6000
    )


def test_rounding_on_the_cumulative_amount_keeps_every_fen() -> None:
    tariff = Tariff(
        "x",
        (
            version_from_data(
                {"effective_from": "2026-01-01T00:00:00+08:00", "prices": {"flat": "0.6523"}}
            ),
        ),
    )
    start = at(2026, 5, 1)
    readings = [
        r(start + timedelta(minutes=15 * i), str(D("0.01") * i)) for i in range(97)
    ]  # 96 intervals
    q = quote(tariff, readings)
    assert q.total_fen == 63  # 0.96 kWh x 0.6523 = 0.626208 yuan; per-line rounding would say 96
    assert sum(line.fen for line in q.lines) == q.state.charged_fen == 63


def test_meter_band_registers_decide_the_bands() -> None:
    # the meter says all 3 kWh went to valley although the clock says flat hours
    bands0 = {Band.VALLEY: D("10"), Band.FLAT: D("5")}
    bands1 = {Band.VALLEY: D("13"), Band.FLAT: D("5")}
    q = quote(tou(), [r(at(2026, 3, 3, 12), "15", bands0), r(at(2026, 3, 3, 15), "18", bands1)])
    assert q.by_band() == {Band.VALLEY: (D(3), 90)}


def test_energy_going_backwards_is_flagged_not_billed() -> None:
    q = quote(
        tou(), [r(at(2026, 3, 3, 1), "500"), r(at(2026, 3, 3, 2), "3"), r(at(2026, 3, 3, 3), "4")]
    )
    assert q.anomalies and "backwards" in q.anomalies[0]
    assert q.total_fen == 30  # only the 1 kWh after the reset, valley


def test_energy_before_the_first_version_is_reported_uncovered() -> None:
    q = quote(tou(), [r(at(2025, 12, 31, 23), "0"), r(at(2026, 1, 1, 1), "2")])
    assert q.uncovered_kwh == D(1) and q.total_fen == 30


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"prices": {"peak": "1.0", "valley": "0.3", "flat": "0.6"}}, "no price for band"),
        ({"prices": {**TOU["prices"], "peak": 1.0}}, "not float"),
        ({"prices": {**TOU["prices"], "peak": "-1"}}, "zero or more"),
        ({"prices": {**TOU["prices"], "peak": "1.00001"}}, "at most 4 decimals"),
        ({"seasons": [{"start": "01-01", "workday": [["01:00", "flat"]]}]}, "00:00"),
        (
            {"seasons": [{"start": "01-01", "workday": [["00:00", "flat"], ["25:00", "peak"]]}]},
            "HH:MM",
        ),
        ({"seasons": [{"start": "01-01", "workday": [["00:00", "night"]]}]}, "unknown band"),
        ({"seasons": [{"start": "02-30", **SPRING}]}, "MM-DD"),
        (
            {"tiers": [{"upto": "400", "add": "0"}, {"upto": "200", "add": "0.1"}, {"add": "0.3"}]},
            "rise",
        ),
        ({"effective_from": "yesterday"}, "effective_from"),
        ({"allowance_kwh": "-5"}, "allowance_kwh"),
        ({"allowance_kwh": "1.234"}, "allowance_kwh"),
        ({"allowance_kwh": 15.0}, "allowance_kwh"),
        ({"allowance_kwh": "lots"}, "allowance_kwh"),
    ],
)
def test_bad_definitions_name_the_field(change: dict[str, object], message: str) -> None:
    with pytest.raises(TariffError, match=message):
        version_from_data({**TOU, **change})


def test_version_round_trips_through_json() -> None:
    version = version_from_data(TOU)
    assert version_from_data(version_to_data(version)) == version


# -- properties ------------------------------------------------------------------------

readings_strategy = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=3 * 24 * 60), st.integers(min_value=0, max_value=50_000)
    ),
    min_size=2,
    max_size=40,
)


def _readings(start: datetime, steps: list[tuple[int, int]]) -> list[MeterReading]:
    moment, total, out = start, D(0), []
    for minutes, centi_kwh in steps:
        moment += timedelta(minutes=minutes)
        total += D(centi_kwh) / 100
        out.append(MeterReading(moment.astimezone(UTC), total))
    return out


@settings(max_examples=150, deadline=None)
@given(
    steps=readings_strategy,
    split=st.integers(min_value=0, max_value=39),
    day=st.integers(min_value=0, max_value=364),
    which=st.sampled_from(["tou", "tiered", "tou+tiers", "tou+tiers+allowance"]),
)
def test_any_split_of_the_readings_charges_the_same(
    steps: list[tuple[int, int]], split: int, day: int, which: str
) -> None:
    tariff = {
        "tou": tou(),
        "tiered": tiered(),
        "tou+tiers": Tariff("t", (version_from_data({**TOU, "tiers": tiered_tiers()}),)),
        "tou+tiers+allowance": Tariff(
            "t",
            (version_from_data({**TOU, "tiers": tiered_tiers(), "allowance_kwh": "30.5"}),),
        ),
    }[which]
    readings = _readings(at(2026, 1, 1) + timedelta(days=day), steps)
    k = min(split, len(readings) - 1)
    whole = quote(tariff, readings)
    first = quote(tariff, readings[: k + 1])
    second = quote(tariff, readings[k:], first.state)
    assert first.total_fen + second.total_fen == whole.total_fen
    assert second.state == whole.state
    # kWh are conserved and every line's fen add up to the rounded cumulative total
    assert sum(line.kwh for line in whole.lines) == readings[-1].total - readings[0].total
    assert whole.total_fen == whole.state.charged_fen


def tiered_tiers() -> list[dict[str, object]]:
    return [{"upto": "50", "add": "0"}, {"upto": None, "add": "0.1000"}]


def test_quote_state_defaults() -> None:
    assert QuoteState().charged_fen == 0


# -- base allowance (基础电量) ---------------------------------------------------------


def test_base_allowance_is_used_before_any_price() -> None:
    tariff = tiered({"allowance_kwh": "15"})
    q = quote(tariff, [r(at(2026, 3, 1, 0), "100"), r(at(2026, 3, 2, 0), "110")])
    assert q.total_fen == 0 and [line.free for line in q.lines] == [True]
    assert q.state.free_kwh == D(10) and q.state.period_kwh == D(10)
    # 5 free kWh left, then 15 kWh at 0.50
    q = quote(tariff, [r(at(2026, 3, 2, 0), "110"), r(at(2026, 3, 3, 0), "130")], q.state)
    assert [(line.free, line.kwh, line.fen) for line in q.lines] == [
        (True, D(5), 0),
        (False, D(15), 750),
    ]
    assert q.state.free_kwh == D(15)


def test_base_allowance_counts_towards_the_tiers_and_restarts_each_period() -> None:
    tariff = tiered({"allowance_kwh": "50"})
    q = quote(tariff, [r(at(2026, 3, 1, 0), "0"), r(at(2026, 3, 20, 0), "250")])
    # 50 free, 150 @0.50 (the first tier ends at 200 kWh used, free ones included), 50 @0.55
    assert q.total_fen == 7500 + 2750
    q = quote(tariff, [r(at(2026, 3, 31, 23), "250"), r(at(2026, 4, 1, 1), "310")], q.state)
    # March's last hour: 30 kWh @0.55; April: a fresh 50 free kWh, nothing carried over
    assert q.total_fen == 1650
    assert q.state.period == (2026, 4) and q.state.free_kwh == D(30)


def test_allowance_round_trips_and_defaults_to_none() -> None:
    version = version_from_data({**TOU, "allowance_kwh": "20.5"})
    assert version.allowance_kwh == D("20.5")
    assert version_from_data(version_to_data(version)) == version
    assert version_from_data(TOU).allowance_kwh == 0
