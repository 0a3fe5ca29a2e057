"""The demo park comes with billing definitions (issue 16, "Done when"): each building a
loss scheme by energy and a common-area scheme (the dormitory equally, the others by area),
the offices' property fee per m² and the shops' quarterly rent bill, all valid as stored."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.billing import fees, schemes
from app.db import Database
from app.demo import build_demo
from app.models import ApportionScheme, Building, FeeItem, Meter, MeterRole


def test_the_demo_has_schemes_and_fee_items(db: Database) -> None:
    build_demo(db, rooms=480, opening_balances=False)
    with db.read() as s:
        buildings = dict(s.execute(select(Building.id, Building.name)).tuples().all())
        scheme_rows = s.scalars(select(ApportionScheme).order_by(ApportionScheme.id)).all()
        fee_rows = {f.name: f for f in s.scalars(select(FeeItem))}
        for row in [*scheme_rows, *fee_rows.values()]:  # stored definitions validate as they are
            check = schemes.validate if isinstance(row, ApportionScheme) else fees.validate
            assert check(s, row.definition) == row.definition
        commons = {
            b: list(
                s.scalars(
                    select(Meter.id).where(Meter.building_id == b, Meter.role == MeterRole.COMMON)
                )
            )
            for b in buildings
        }
    assert len(scheme_rows) == 2 * len(buildings)
    by_name = {row.name: row.definition for row in scheme_rows}
    for bid, name in buildings.items():
        loss, shared = by_name[f"{name} 损耗"], by_name[f"{name} 公摊"]
        assert (loss["source"], loss["basis"], loss["scope"]) == (
            "loss",
            "energy",
            {"buildings": [bid]},
        )
        assert shared["source"] == "common" and sorted(shared["common_meters"]) == sorted(
            commons[bid]
        )
        assert shared["basis"] == ("equal" if "公寓" in name else "area")
    today = date.today()
    first = {row.effective_from for row in scheme_rows} | {
        f.effective_from for f in fee_rows.values()
    }
    assert (
        len(first) == 1
        and first.pop().day == 1
        and (today - min({r.effective_from for r in scheme_rows})).days < 62
    )
    prop, rent = fee_rows["物业费"].definition, fee_rows["商铺房租"].definition
    offices = sorted(b for b, n in buildings.items() if "厂房" in n or "研发楼" in n)
    shops = sorted(b for b, n in buildings.items() if "商业街" in n)
    assert (prop["amount_kind"], prop["amount"], prop["period"], prop["mode"]) == (
        "per_m2",
        "3.50",
        "monthly",
        "deduct",
    )
    assert sorted(prop["scope"]["buildings"]) == offices
    assert (rent["amount_kind"], rent["period"], rent["mode"]) == ("fixed", "quarterly", "bill")
    assert sorted(rent["scope"]["buildings"]) == shops and shops
