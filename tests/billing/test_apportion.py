"""The apportionment engine over hand-written readings (see apportion_park.py for the
park and its figures), on SQLite and PostgreSQL (tests/billing runs on both)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from app.billing.apportion import ApportionError, ApportionResult, compute
from app.billing.schemes import add_scheme
from app.ledger.meterswap import replace_meter
from app.models import ApportionScheme, Reading, ReadingKind
from app.reports.period import Period
from tests.billing.apportion_park import END, START, ApportionPark, build_apportion_park

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def park(db: Any) -> ApportionPark:
    return build_apportion_park(db)


def run(park: ApportionPark, buildings: str = "A", **definition: Any) -> ApportionResult:
    scheme = {
        "scope": {"buildings": [park.buildings[b] for b in buildings]},
        "source": "loss",
        "basis": "area",
        "exclude_vacant": True,
        **definition,
    }
    with park.db.read() as session:
        result = compute(session, scheme, NOVEMBER)
    for building in result.buildings:  # every case: nothing lost or made up in rounding
        lines = [line for line in result.lines if line.building_id == building.building_id]
        assert sum(line.kwh for line in lines) + building.office_kwh == building.kwh
        assert sum(line.fen for line in lines) + building.office_fen == building.fen
    return result


def shares(park: ApportionPark, result: ApportionResult) -> dict[str, tuple[str, int]]:
    names = {v: k for k, v in park.accounts.items()}
    return {names[line.account_id]: (str(line.kwh), line.fen) for line in result.lines}


def test_loss_by_area_priced_by_band_without_tiers(park: ApportionPark) -> None:
    # loss 30.00 kWh; area X 50, Y 30, Z 20 (vacant 104 left out): 15.00 / 9.00 / 6.00;
    # bands by the master's mix 1:3:4:2 = 3 / 9 / 12 / 6 kWh at 1.2 / 1.0 / 0.7 / 0.4
    # = 3.60 + 9.00 + 8.40 + 2.40 = 23.40 yuan (no allowance, no tier surcharge)
    result = run(park)
    assert result.refused == {}
    assert shares(park, result) == {"X": ("15.00", 1170), "Y": ("9.00", 702), "Z": ("6.00", 468)}
    (building,) = result.buildings
    assert (building.kwh, building.fen, building.office_fen) == (Decimal("30.00"), 2340, 0)
    bands = building.detail["bands"]
    assert bands["tariff"] == "分时"
    assert {b: bands[b]["kwh"] for b in ("sharp", "peak", "flat", "valley")} == {
        "sharp": "3.00",
        "peak": "9.00",
        "flat": "12.00",
        "valley": "6.00",
    }
    assert bands["sharp"]["prices"] == ["1.2000"]
    x = next(line for line in result.lines if line.account_id == park.accounts["X"]).detail
    assert (x["basis_value"], x["basis_total"], x["loss_kwh"]) == ("50.00", "100.00", "30.00")
    assert x["masters"][0]["master_kwh"] == "680.00" and x["masters"][0]["subs_kwh"] == "650.00"


def test_vacant_room_takes_its_part_for_the_office(park: ApportionPark) -> None:
    # area 50 + 30 + 20 + vacant 40 = 140: 1071.43 / 642.86 / 428.57 / 857.14 hundredths;
    # the 2 units left go to the largest remainders (Y .857, Z .571); fen the same way
    result = run(park, exclude_vacant=False)
    assert shares(park, result) == {"X": ("10.71", 835), "Y": ("6.43", 502), "Z": ("4.29", 335)}
    (building,) = result.buildings
    assert (building.office_kwh, building.office_fen) == (Decimal("8.57"), 668)


def test_loss_by_band_when_every_meter_measures_bands(park: ApportionPark) -> None:
    # sub-meters with band registers: tenants 1:3:4:2 of their use, CA 0 / 20 / 20 / 10;
    # below the master: 60 / 200 / 260 / 130 kWh; the loss band by band 8 / 4 / 12 / 6
    # (not the master's mix 3 / 9 / 12 / 6): 9.60 + 4.00 + 8.40 + 2.40 = 24.40 yuan
    uses = {
        "t101": (30, 90, 120, 60),
        "t102": (20, 60, 80, 40),
        "t103": (10, 30, 40, 20),
        "t104": (0, 0, 0, 0),
        "CA": (0, 20, 20, 10),
    }
    with park.db.write() as s:
        for name, (sharp, peak, flat, valley) in uses.items():
            meter = park.meters[name]
            first = s.scalar(
                select(Reading.energy_total).where(Reading.meter_id == meter, Reading.ts == START)
            )
            assert first is not None
            s.execute(
                update(Reading)
                .where(Reading.meter_id == meter, Reading.ts == START)
                .values(energy_sharp=0, energy_peak=0, energy_flat=first, energy_valley=0)
            )
            s.execute(
                update(Reading)
                .where(Reading.meter_id == meter, Reading.ts == END)
                .values(
                    energy_sharp=sharp,
                    energy_peak=peak,
                    energy_flat=first + flat,
                    energy_valley=valley,
                )
            )
    result = run(park)
    assert shares(park, result) == {"X": ("15.00", 1220), "Y": ("9.00", 732), "Z": ("6.00", 488)}
    bands = result.buildings[0].detail["bands"]
    assert [bands[b]["kwh"] for b in ("sharp", "peak", "flat", "valley")] == [
        "8.00",
        "4.00",
        "12.00",
        "6.00",
    ]


def test_loss_by_energy(park: ApportionPark) -> None:
    # own use 300 / 200 / 100 kWh: 15.00 / 10.00 / 5.00 kWh of the 30.00
    result = run(park, basis="energy")
    assert shares(park, result) == {"X": ("15.00", 1170), "Y": ("10.00", 780), "Z": ("5.00", 390)}


def test_common_meter_shared_equally(park: ApportionPark) -> None:
    # CA 50.00 kWh at 0.8000 (its own tariff) = 40.00 yuan; thirds: 16.67 / 16.67 / 16.66,
    # the fen 13.34 / 13.33 / 13.33 (the leftover units to the smaller account ids)
    result = run(park, source="common", basis="equal")
    assert shares(park, result) == {
        "X": ("16.67", 1334),
        "Y": ("16.67", 1333),
        "Z": ("16.66", 1333),
    }
    assert result.buildings[0].detail["bands"]["tariff"] == "平价"


def test_cap_cascades_to_the_uncapped(park: ApportionPark) -> None:
    # area shares 15 / 9 / 6 kWh; cap 5 % of own use: X 15.00, Y 10.00, Z 5.00.
    # Z (6 > 5) is capped; the rest 25 by area 50:30 gives X 15.625 > 15: capped;
    # Y takes the last 10.00, exactly its cap.
    result = run(park, cap_percent="5")
    assert shares(park, result) == {"X": ("15.00", 1170), "Y": ("10.00", 780), "Z": ("5.00", 390)}
    capped = {line.account_id: line.detail["capped"] for line in result.lines}
    assert capped == {park.accounts["X"]: True, park.accounts["Y"]: False, park.accounts["Z"]: True}


def test_everyone_capped_the_office_carries_the_rest(park: ApportionPark) -> None:
    # cap 4 %: 12.00 / 8.00 / 4.00 kWh = 24.00 of 30.00; 6.00 kWh is the office's
    result = run(park, cap_percent="4")
    assert shares(park, result) == {"X": ("12.00", 936), "Y": ("8.00", 624), "Z": ("4.00", 312)}
    (building,) = result.buildings
    assert (building.office_kwh, building.office_fen) == (Decimal("6.00"), 468)


def test_excluded_account_and_ratios(park: ApportionPark) -> None:
    x, y, z = (park.accounts[n] for n in "XYZ")
    # area 50 : 20 of 30.00 kWh = 21.43 / 8.57; fen 2340 x 2143 / 3000 = 1671.54 -> 1672
    result = run(park, exclude_accounts=[y])
    assert shares(park, result) == {"X": ("21.43", 1672), "Z": ("8.57", 668)}
    result = run(park, basis="ratio", ratios={str(x): "1", str(y): "2", str(z): "3"})
    assert shares(park, result) == {"X": ("5.00", 390), "Y": ("10.00", 780), "Z": ("15.00", 1170)}


def test_negative_loss_refused_other_buildings_go_on(park: ApportionPark) -> None:
    result = run(park, buildings="AB")
    assert shares(park, result) == {"X": ("15.00", 1170), "Y": ("9.00", 702), "Z": ("6.00", 468)}
    reason = result.refused[park.buildings["B"]]
    assert "B栋" in reason and "MB" in reason and "-10.00" in reason
    assert [b.building_id for b in result.buildings] == [park.buildings["A"]]


def test_offline_sub_meter_refused_naming_meter_and_day(park: ApportionPark) -> None:
    result = run(park, buildings="C")
    assert result.lines == []
    reason = result.refused[park.buildings["C"]]
    assert "t301" in reason and "2026-12-01" in reason


def test_refusals_in_chinese(park: ApportionPark, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    result = run(park, buildings="BC", basis="equal")
    assert result.refused[park.buildings["B"]].startswith("B栋：总表 MB")
    assert "损耗为负（-10.00 kWh）" in result.refused[park.buildings["B"]]
    assert "电表 t301" in result.refused[park.buildings["C"]]
    assert "缺少 2026-12-01 零点的读数" in result.refused[park.buildings["C"]]
    result = run(park, max_loss_percent="4")
    assert "超过合理上限 4 %" in result.refused[park.buildings["A"]]


def test_implausible_loss_refused(park: ApportionPark) -> None:
    # 30.00 of 680.00 kWh is 4.4 %: above a limit of 4 %
    result = run(park, max_loss_percent="4")
    assert "4.4 %" in result.refused[park.buildings["A"]]
    assert result.lines == []


def test_a_stored_scheme_row(park: ApportionPark) -> None:
    # validated and normalised by app.billing.schemes, then read back as the row
    stored = add_scheme(
        park.db,
        park.admin,
        "A栋损耗",
        {"scope": {"buildings": [park.buildings["A"]]}, "source": "loss", "basis": "area"},
        date(2026, 11, 1),
    )
    with park.db.read() as session:
        row = session.get(ApportionScheme, stored.id)
        assert row is not None and row.definition["max_loss_percent"] == "15"
        result = compute(session, row, NOVEMBER)
    assert shares(park, result) == {"X": ("15.00", 1170), "Y": ("9.00", 702), "Z": ("6.00", 468)}
    with park.db.read() as session:
        assert compute(session, stored, NOVEMBER).by_account() == result.by_account()


def test_bad_definition(park: ApportionPark) -> None:
    with pytest.raises(ApportionError):
        run(park, basis="weight")


def test_master_swapped_in_the_month_counts_once(park: ApportionPark) -> None:
    # MA (1000.00 on 1 Nov) swapped on 15 Nov at 1300.00: 300.00 kWh; the new master reads
    # 0.00 just after and 380.00 on 1 Dec: 680.00 in all, the loss still 30.00 kWh
    swap = datetime(2026, 11, 15, 2, tzinfo=UTC)
    new = replace_meter(park.db, park.admin, park.meters["MA"], "99", final_kwh="1300.00", now=swap)
    with park.db.write() as s:  # the old master never read 1 December: it was gone
        s.execute(delete(Reading).where(Reading.meter_id == park.meters["MA"], Reading.ts == END))
        s.add(
            Reading(
                meter_id=new,
                kind=ReadingKind.INTERVAL,
                ts=swap + timedelta(minutes=15),
                energy_total=Decimal("0.00"),
            )
        )
        s.add(Reading(meter_id=new, kind=ReadingKind.DAILY, ts=END, energy_total=Decimal("380.00")))
    result = run(park)
    assert result.refused == {}
    kwh = {k: v[0] for k, v in shares(park, result).items()}
    assert kwh == {"X": "15.00", "Y": "9.00", "Z": "6.00"}
    (building,) = result.buildings
    assert building.detail["masters"] == [
        {
            "meter": new,
            "master_kwh": "680.00",
            "subs_kwh": "650.00",
            "sub_meters": 5,
            "loss_kwh": "30.00",
        }
    ]
    assert sum(line.fen for line in result.lines) == building.fen > 0
