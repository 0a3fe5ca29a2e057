"""The issue's hand-computed cases (issue 16, "Done when") through the run engine and the
ledger: each posts with ``app.billing.runs.post`` and reads the money back from the
accounts' balances, the journal and the billing lines, to the fen and the 0.01 kWh.

The park is ``tests/billing/apportion_park.py`` (November 2026): building A's master MA
680.00 kWh over rooms 101 X (50 m², 300.00 kWh), 102 Y (30 m², 200.00), 103 Z (20 m²,
100.00), vacant 104 (40 m², 0.00) and the common meter CA (50.00 kWh): loss 30.00 kWh,
priced by the master's band mix 1:3:4:2 at 1.2 / 1.0 / 0.7 / 0.4 = 23.40 yuan; CA at its
own flat 0.80 = 40.00 yuan. Building B's master reads less than its rooms (loss -10.00).
The cases the apportionment engine's own tests hold (tests/billing/test_apportion.py) are
posted here, so each figure is also what the ledger says.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from app.billing.apportion import compute
from app.billing.bills import list_bills, pay_bill
from app.billing.runs import BillingRunError, post, preview, reverse
from app.db import Database
from app.ledger.journal import verify
from app.models import (
    Account,
    ApportionScheme,
    Bill,
    BillingLine,
    BillStatus,
    FeeItem,
    LedgerEntry,
    LedgerTxn,
    Reading,
    Room,
)
from app.reports import Period, ReportRequest, run_report
from app.security import system_actor
from tests.billing.apportion_park import END, ApportionPark, build_apportion_park

NOVEMBER = "2026-11"
POSTED = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
ACTOR = system_actor(name="collector")


@pytest.fixture
def park(db: Database) -> ApportionPark:
    return build_apportion_park(db)


def scheme(park: ApportionPark, buildings: str = "A", **definition: Any) -> str:
    with park.db.write() as s:
        count = s.scalar(select(func.count(ApportionScheme.id))) or 0
        row = ApportionScheme(
            name=f"scheme {count + 1}",
            definition={
                "scope": {"buildings": [park.buildings[b] for b in buildings]},
                "source": "loss",
                "basis": "area",
                "exclude_vacant": True,
                "max_loss_percent": "15",
                **definition,
            },
            effective_from=date(2026, 1, 1),
        )
        s.add(row)
        s.flush()
        return f"apportion:{row.id}"


def balances(park: ApportionPark) -> dict[str, int]:
    names = {v: k for k, v in park.accounts.items()}
    with park.db.read() as s:
        rows = s.execute(select(Account.id, Account.balance_fen))
        return {names[a]: b for a, b in rows if a in names}


def charged(park: ApportionPark, source: str, **definition: Any) -> dict[str, tuple[str, int]]:
    """Post ``source`` for November; per account (kWh of its billing line, fen taken from
    its balance), checking the journal's ``apportion`` entries say the same."""
    before = balances(park)
    run = post(park.db, ACTOR, source, NOVEMBER, now=POSTED)
    after = balances(park)
    names = {v: k for k, v in park.accounts.items()}
    with park.db.read() as s:
        lines = {
            names[line.account_id]: (str(line.kwh), line.fen)
            for line in s.scalars(select(BillingLine).where(BillingLine.run_id == run.id))
        }
        journal = dict(
            s.execute(
                select(LedgerEntry.account_id, func.sum(LedgerEntry.amount_fen))
                .join(LedgerTxn, LedgerTxn.id == LedgerEntry.txn_id)
                .join(BillingLine, BillingLine.txn_id == LedgerTxn.id)
                .where(
                    BillingLine.run_id == run.id,
                    LedgerTxn.kind == "apportion",
                    LedgerEntry.book == "tenant",
                )
                .group_by(LedgerEntry.account_id)
            ).all()
        )
    assert {k: before[k] - after[k] for k in lines} == {k: fen for k, (_, fen) in lines.items()}
    assert {names[a]: -int(v) for a, v in journal.items()} == {k: f for k, (_, f) in lines.items()}
    assert verify(park.db).ok
    return lines


def test_loss_shared_by_energy(park: ApportionPark) -> None:
    """Loss 30.00 kWh by own use 300 : 200 : 100 = 15.00 / 10.00 / 5.00 kWh. Money: the
    loss's 2340 fen in the same proportions, 1170 / 780 / 390 (exact, no remainder)."""
    lines = charged(park, scheme(park, basis="energy"))
    assert lines == {"X": ("15.00", 1170), "Y": ("10.00", 780), "Z": ("5.00", 390)}


def test_loss_shared_by_area(park: ApportionPark) -> None:
    """Area 50 : 30 : 20 m² (vacant 104 excluded): 15.00 / 9.00 / 6.00 kWh; 2340 fen ×
    0.5 / 0.3 / 0.2 = 1170 / 702 / 468."""
    lines = charged(park, scheme(park, basis="area"))
    assert lines == {"X": ("15.00", 1170), "Y": ("9.00", 702), "Z": ("6.00", 468)}


def test_common_meter_shared_equally(park: ApportionPark) -> None:
    """CA used 60.00 - 10.00 = 50.00 kWh at 0.80 = 4000 fen. Thirds: 1666.67 hundredths of
    a kWh each, so 16.66 × 3 = 49.98 and the 2 hundredths left go to the largest
    remainders, ties to the smaller account id: 16.67 / 16.67 / 16.66 kWh. The fen the same
    way: 1333.33 each, 1 fen left: 1334 / 1333 / 1333. Sums: 50.00 kWh, 4000 fen."""
    lines = charged(park, scheme(park, source="common", basis="equal"))
    assert lines == {"X": ("16.67", 1334), "Y": ("16.67", 1333), "Z": ("16.66", 1333)}
    assert sum(f for _, f in lines.values()) == 4000


def test_cap_percent_of_own_use(park: ApportionPark) -> None:
    """Area shares 15 / 9 / 6 kWh, capped at 5 % of own use: X 15.00, Y 10.00, Z 5.00.
    Z (6 > 5) is held at 5.00; the other 25.00 by area 50 : 30 gives X 15.625 > 15: held at
    15.00; Y takes the last 10.00 (exactly its cap). Nothing is left to the office:
    1170 / 780 / 390 fen = 2340."""
    source = scheme(park, cap_percent="5")
    lines = charged(park, source)
    assert lines == {"X": ("15.00", 1170), "Y": ("10.00", 780), "Z": ("5.00", 390)}
    with park.db.read() as s:
        capped = {
            line.account_id: line.detail["capped"]
            for line in s.scalars(select(BillingLine).where(BillingLine.fen > 0))
        }
    x, y, z = (park.accounts[k] for k in "XYZ")
    assert capped == {x: True, y: False, z: True}


def test_excluded_vacant_room(park: ApportionPark) -> None:
    """With the vacant room 104 (40 m²) *in* the basis (``exclude_vacant`` off), 140 m²:
    the kWh first, 3000 hundredths × 50 / 30 / 20 / 40 of 140 = 1071.43 / 642.86 / 428.57 /
    857.14; floors 2998, the 2 left to the largest remainders (Y .86, Z .57): 10.71 / 6.43
    / 4.29 kWh and 8.57 for room 104, which nobody rents: the park office carries it (not
    posted). The fen on those kWh: 2340 × 1071 / 643 / 429 / 857 of 3000 = 835.38 /
    501.54 / 334.62 / 668.46; floors 2338, the 2 left to Z (.62) and Y (.54):
    835 / 502 / 335 posted, 668 the office's; 2340 in all.

    Excluded (``exclude_vacant`` on): the area case, 1170 / 702 / 468, nothing to the
    office."""
    source = scheme(park, exclude_vacant=False)
    lines = charged(park, source)
    assert lines == {"X": ("10.71", 835), "Y": ("6.43", 502), "Z": ("4.29", 335)}
    with park.db.read() as s:
        result = compute(s, s.get(ApportionScheme, int(source.split(":")[1])), _november())
    (building,) = result.buildings
    assert (building.office_kwh, building.office_fen) == (Decimal("8.57"), 668)
    assert sum(f for _, f in lines.values()) + building.office_fen == 2340
    excluded = scheme(park, exclude_vacant=True)
    assert charged(park, excluded) == {"X": ("15.00", 1170), "Y": ("9.00", 702), "Z": ("6.00", 468)}


def test_negative_loss_refused_with_its_reason(park: ApportionPark) -> None:
    """Building B: master MB 600 - 500 = 100.00 kWh, rooms 60.00 + 50.00 = 110.00: the loss
    would be -10.00 kWh. A scheme over A and B posts A's shares and refuses B with the
    reason (the run's summary keeps it); a scheme over B alone posts nothing at all."""
    both = scheme(park, buildings="AB")
    lines = charged(park, both)
    assert lines == {"X": ("15.00", 1170), "Y": ("9.00", 702), "Z": ("6.00", 468)}
    plan = preview(park.db, ACTOR, both, NOVEMBER)
    reason = plan.refused[f"building:{park.buildings['B']}"]
    assert "B栋" in reason and "-10.00" in reason
    before = balances(park)
    with pytest.raises(BillingRunError, match="charges nobody"):
        post(park.db, ACTOR, scheme(park, buildings="B"), NOVEMBER, now=POSTED)
    assert balances(park) == before
    assert before["W"] == 0 and before["V"] == 0


def _november() -> Period:
    return Period.month(2026, 11)


def fee(park: ApportionPark, **definition: Any) -> str:
    with park.db.write() as s:
        row = FeeItem(
            name=f"fee {definition['amount_kind']}",
            definition={"scope": {"buildings": [park.buildings["A"]]}, **definition},
            effective_from=date(2026, 1, 1),
        )
        s.add(row)
        s.flush()
        return f"fee:{row.id}"


def test_per_m2_property_fee(park: ApportionPark) -> None:
    """3.45 yuan/m² a month, deducted, rounded half up once on each account's total area:
    X 50.25 m² = 173.3625 -> 173.36; Y 30.15 m² = 104.0175 -> 104.02; Z rents 103
    (20.10 m²) and 104 (10.10 m²): 30.20 m² = 104.19 (per room it would have been
    69.345 -> 69.35 plus 34.845 -> 34.85 = 104.20: one fen too many). Total 381.57 yuan."""
    with park.db.write() as s:
        for room, area in (("101", "50.25"), ("102", "30.15"), ("103", "20.10"), ("104", "10.10")):
            s.execute(update(Room).where(Room.id == park.rooms[room]).values(area_m2=Decimal(area)))
        s.execute(
            update(Room).where(Room.id == park.rooms["104"]).values(account_id=park.accounts["Z"])
        )
    source = fee(park, amount_kind="per_m2", amount="3.45", period="monthly", mode="deduct")
    before = balances(park)
    run = post(park.db, ACTOR, source, NOVEMBER, now=datetime(2026, 11, 1, 2, tzinfo=UTC))
    after = balances(park)
    assert {k: before[k] - after[k] for k in "XYZ"} == {"X": 17336, "Y": 10402, "Z": 10419}
    assert run.summary["total_fen"] == 38157
    with park.db.read() as s:
        keys = set(s.scalars(select(LedgerTxn.idempotency_key).where(LedgerTxn.kind == "fee")))
    assert keys == {f"{source}:{NOVEMBER}:{park.accounts[k]}" for k in "XYZ"}
    assert verify(park.db).ok


def test_quarterly_rent_billed_and_paid_late(park: ApportionPark) -> None:
    """Rent 4,500.00 yuan a quarter, billed (催缴账单) on the 1st of the quarter's first
    month, due 15 days after the quarter ends: 2026-Q3 is posted on 1 July and due on
    15 October. Nothing leaves the prepaid balances. X pays on 20 October, 5 days late: the
    arrears report as of 31 October (16 days overdue before) no longer lists it; the
    payment is one ``bill`` transaction: the method book -450000, X's tenant book +450000
    and -450000 (X's balance is untouched), the fees book +450000."""
    source = fee(
        park, amount_kind="fixed", amount="4500.00", period="quarterly", mode="bill", due_days=15
    )
    before = balances(park)
    with pytest.raises(BillingRunError, match="not a period"):
        post(park.db, ACTOR, source, "2026-08", now=datetime(2026, 7, 1, 2, tzinfo=UTC))
    run = post(park.db, ACTOR, source, "2026-Q3", now=datetime(2026, 7, 1, 2, tzinfo=UTC))
    assert balances(park) == before
    with park.db.read() as s:
        bills = {b.account_id: b for b in s.scalars(select(Bill).where(Bill.run_id == run.id))}
        rows = {b.number: b.arrears_days for b in list_bills(s, today=date(2026, 10, 20))}
    x = park.accounts["X"]
    assert {b.amount_fen for b in bills.values()} == {450000} and len(bills) == 3
    assert {b.due_date for b in bills.values()} == {date(2026, 10, 15)}
    number = bills[x].number
    assert rows[number] == 5
    october = ReportRequest("arrears", Period.month(2026, 10))
    listed = {r[3]: r[6] for r in run_report(park.db, park.admin, october).tables[0].rows}
    assert listed[number] == 16 and len(listed) == 3
    paid = pay_bill(
        park.db, park.admin, number, "transfer", now=datetime(2026, 10, 20, 3, tzinfo=UTC)
    )
    assert (paid.amount_fen, paid.owed_after_fen, paid.status) == (450000, 0, "paid")
    listed = {r[3] for r in run_report(park.db, park.admin, october).tables[0].rows}
    assert number not in listed and len(listed) == 2
    with park.db.read() as s:
        bill = s.scalar(select(Bill).where(Bill.number == number))
        assert bill is not None and bill.status == BillStatus.PAID and bill.paid_at is not None
        assert bill.paid_at.date() > bill.due_date
        legs = sorted(
            s.execute(
                select(LedgerEntry.book, LedgerEntry.account_id, LedgerEntry.amount_fen).where(
                    LedgerEntry.txn_id == paid.txn_id
                )
            ).all(),
            key=lambda leg: (leg[0], leg[2]),
        )
    assert legs == [
        ("fees", None, 450000),
        ("tenant", x, -450000),
        ("tenant", x, 450000),
        ("transfer", None, -450000),
    ]
    assert balances(park) == before
    assert verify(park.db).ok


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    loss=st.integers(1, 11_000),  # hundredths of a kWh above the 650.00 below the master
    basis=st.sampled_from(["energy", "area", "equal"]),
    cap=st.sampled_from([None, "3", "5.5", "20"]),
)
def test_posted_shares_sum_exactly_and_a_rerun_charges_nothing(
    park: ApportionPark, loss: int, basis: str, cap: str | None
) -> None:
    """Whatever the loss, basis and cap: the shares' kWh plus the office's part is the loss
    to the 0.01 kWh (the posted lines are the shares worth a fen or more), the fen taken
    from the balances plus the office's part is the building's total to the fen, a second
    post of the period charges nothing, and the reversal gives every fen back (so the next
    example starts from the same balances)."""
    with park.db.write() as s:
        s.execute(
            update(Reading)
            .where(Reading.meter_id == park.meters["MA"], Reading.ts == END)
            .values(energy_total=Decimal(1000 + 650) + Decimal(loss).scaleb(-2))
        )
    source = scheme(park, basis=basis, cap_percent=cap)
    before = balances(park)
    run = post(park.db, ACTOR, source, NOVEMBER, now=POSTED)
    taken = {k: before[k] - v for k, v in balances(park).items()}
    with park.db.read() as s:
        result = compute(s, s.get(ApportionScheme, int(source.split(":")[1])), _november())
        kwh = s.scalar(select(func.sum(BillingLine.kwh)).where(BillingLine.run_id == run.id))
    (building,) = result.buildings
    assert building.kwh == Decimal(loss).scaleb(-2)
    assert sum(x.kwh for x in result.lines) + building.office_kwh == building.kwh
    # a share that prices to 0 fen is not posted (runs._apportion): its kWh stay unbilled
    assert Decimal(kwh or 0) == sum(x.kwh for x in result.lines if x.fen > 0)
    assert sum(taken.values()) + building.office_fen == building.fen
    assert sum(taken.values()) == run.summary["total_fen"]
    with pytest.raises(BillingRunError, match="already posted"):
        post(park.db, ACTOR, source, NOVEMBER, now=POSTED)
    assert {k: before[k] - v for k, v in balances(park).items()} == taken
    reverse(park.db, ACTOR, run.id, "property test: undo")
    assert balances(park) == before


def building_d(park: ApportionPark) -> dict[str, int]:
    """The user guide's example (docs/user-guide.md, "A worked example"): building D, its
    master 1,000.00 kWh in November over rooms 甲 (120.00 m², 300.00 kWh), 乙 (85.50 m²,
    250.00 kWh) and 丙 (60.00 m², 350.00 kWh), a flat tariff of 0.6600 yuan/kWh."""
    from app.ledger.tariffs import assign, publish_version
    from app.models import BillingMode, Building, Floor, Meter, MeterRole, Tenant, TenantKind
    from tests.billing.apportion_park import START, _read

    accounts: dict[str, int] = {}
    with park.db.write() as s:
        building = Building(park_id=1, name="D栋")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        s.add(floor)
        s.flush()
        link = s.scalar(select(Meter.link_id).limit(1))
        master = Meter(
            link_id=link, address="90", profile="sim-modbus", role=MeterRole.MASTER,
            building_id=building.id, label="MD", billing_mode=BillingMode.PLATFORM,
        )  # fmt: skip
        s.add(master)
        s.flush()
        s.add_all([_read(master.id, START, "5000.00"), _read(master.id, END, "6000.00")])
        for n, (name, area, use) in enumerate(
            (("甲", "120.00", "300.00"), ("乙", "85.50", "250.00"), ("丙", "60.00", "350.00"))
        ):
            tenant = Tenant(name=f"租户{name}", kind=TenantKind.ENTERPRISE)
            s.add(tenant)
            s.flush()
            account = Account(number=f"D{n + 1}", tenant_id=tenant.id)
            s.add(account)
            s.flush()
            room = Room(
                floor_id=floor.id, number=f"10{n + 1}", area_m2=Decimal(area), account_id=account.id
            )
            s.add(room)
            s.flush()
            meter = Meter(
                link_id=link, address=str(91 + n), profile="sim-modbus", role=MeterRole.TENANT,
                building_id=building.id, room_id=room.id, parent_id=master.id,
                billing_mode=BillingMode.PLATFORM,
            )  # fmt: skip
            s.add(meter)
            s.flush()
            s.add_all(
                [_read(meter.id, START, "100.00"), _read(meter.id, END, str(100 + int(use[:3])))]
            )
            accounts[name] = account.id
        park.buildings["D"] = building.id
    published = datetime(2026, 10, 1, tzinfo=UTC)
    flat = {"effective_from": published.isoformat(), "prices": {"flat": "0.6600"}}
    publish_version(park.db, park.admin, "商业平价", flat, now=published)
    assign(park.db, park.admin, "商业平价", "building", str(park.buildings["D"]))
    return accounts


def test_the_user_guides_worked_example(park: ApportionPark) -> None:
    """docs/user-guide.md, "A worked example": loss 1,000.00 - (300 + 250 + 350) = 100.00
    kWh at 0.66 = 66.00 yuan. By area (265.50 m²): 100 × 120 / 85.5 / 60 of 265.5 =
    45.1977 / 32.2034 / 22.5989 kWh; in 0.01 kWh 4519 + 3220 + 2259 = 9998, the 2 left to
    the largest remainders (丙 .89, 甲 .77): 45.20 / 32.20 / 22.60 kWh. The 6600 fen by those
    kWh: 2983.2 / 2125.2 / 1491.6; 6599, the 1 left to 丙 (.6): 29.83 / 21.25 / 14.92 yuan.
    By energy (300 : 250 : 350): 33.33 / 27.78 / 38.89 kWh and 22.00 / 18.33 / 25.67 yuan."""
    d = building_d(park)
    names = {v: k for k, v in d.items()}
    for basis, kwh, fen in (
        ("area", ("45.20", "32.20", "22.60"), (2983, 2125, 1492)),
        ("energy", ("33.33", "27.78", "38.89"), (2200, 1833, 2567)),
    ):
        source = scheme(park, buildings="D", basis=basis)
        with park.db.read() as s:
            before = dict(s.execute(select(Account.id, Account.balance_fen)).all())
        run = post(park.db, ACTOR, source, NOVEMBER, now=POSTED)
        with park.db.read() as s:
            lines = {
                names[x.account_id]: (str(x.kwh), x.fen)
                for x in s.scalars(select(BillingLine).where(BillingLine.run_id == run.id))
            }
        assert lines == dict(zip("甲乙丙", zip(kwh, fen, strict=True), strict=True))
        with park.db.read() as s:
            after = dict(s.execute(select(Account.id, Account.balance_fen)).all())
        assert [before[d[k]] - after[d[k]] for k in "甲乙丙"] == list(fen)
        assert sum(fen) == 6600
    assert verify(park.db).ok
