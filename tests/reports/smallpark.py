"""A small park with hand-computed money and energy for the monthly and comparison reports.

Site rows are written directly (they are not money); every yuan moves through the real
services (recharge, refund, fee, reversal, the collector's ``Biller`` for platform-side
charges); readings are written as rows. Times are park-local (Asia/Shanghai).

Accounts (March 2026, the month the figures are computed for):

- ``P1`` 甲公司, room A101 of A栋, platform-side, flat tariff 0.6000 yuan/kWh:
  Feb 20 recharge ¥100 cash; Feb 28 12:00 charge 5 kWh = ¥3.00 (February);
  Mar 2 charge 10 kWh = ¥6.00; Mar 5 recharge ¥200 card; Mar 10 fee ¥15 (物业费);
  Mar 31 12:00 charge 20 kWh = ¥12.00; Apr 2 charge 10 kWh = ¥6.00 (April).
  Daily readings: Mar 1 1004.00, Apr 1 1036.00 -> 32 kWh in March.
- ``M1`` 乙商店, room A102 of A栋, meter-side, TOU tariff (sharp 1.2345, peak 0.9876,
  flat 0.6000, valley 0.3333): Feb 20 recharge ¥50 cash; Mar 5 recharge ¥30 cash (both on
  the meter book). Daily readings with band registers: Mar 1 500 (50/150/200/100), Apr 1 600
  (60/180/240/120): 100 kWh = 10 sharp ¥12.35 + 30 peak ¥29.63 + 40 flat ¥24.00 + 20 valley
  ¥6.67 = ¥72.65, priced from the readings.
- ``P2`` 丙公司, room B201 of B栋, platform-side flat: Mar 5 recharge ¥80 QR; Mar 12 refund
  ¥20 cash; Mar 31 23:00 charge 12 kWh = ¥7.20. Daily readings Mar 1 200.00, Apr 1 212.50.

A vacant room A103 and a master meter of A栋 are in the park and must not show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.collector.billing import Biller
from app.collector.config import CollectorConfig, Rules
from app.db import Database
from app.ledger.accounts import refund
from app.ledger.corrections import charge_fee
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.tariffs import assign, publish_version
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
    Reading,
    ReadingKind,
    Room,
    Tenant,
    TenantKind,
)
from app.security import Actor, create_first_admin

ZONE = ZoneInfo("Asia/Shanghai")
PASSWORD = "Counter-2026!"
SLOT = CollectorConfig().slot
BANDS = ("sharp", "peak", "flat", "valley")


def at(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


@dataclass
class SmallPark:
    db: Database
    admin: Actor
    accounts: dict[str, int] = field(default_factory=dict)  # P1, M1, P2 -> account id
    meters: dict[str, int] = field(default_factory=dict)  # P1, M1, P2, master -> meter id
    rooms: dict[str, int] = field(default_factory=dict)  # A101, A102, A103, B201 -> room id
    txns: dict[str, int] = field(default_factory=dict)  # named ledger transactions


def _site(db: Database, park: SmallPark) -> None:
    with db.write() as s:
        site = Park(name="测试园区")
        s.add(site)
        s.flush()
        a, b = Building(park_id=site.id, name="A栋"), Building(park_id=site.id, name="B栋")
        link = Link(name="bus 1", url="sim://reports", protocol=Protocol.MODBUS)
        s.add_all([a, b, link])
        s.flush()
        fa, fb = Floor(building_id=a.id, name="1F", level=1), Floor(building_id=b.id, name="2F")
        s.add_all([fa, fb])
        s.flush()
        plan = [
            ("P1", "甲公司", TenantKind.ENTERPRISE, fa, a, "A101", BillingMode.PLATFORM),
            ("M1", "乙商店", TenantKind.SHOP, fa, a, "A102", BillingMode.METER),
            ("P2", "丙公司", TenantKind.ENTERPRISE, fb, b, "B201", BillingMode.PLATFORM),
        ]
        for i, (name, tenant_name, kind, floor, building, room_no, mode) in enumerate(plan):
            tenant = Tenant(name=tenant_name, kind=kind)
            s.add(tenant)
            s.flush()
            account = Account(number=name, tenant_id=tenant.id)
            s.add(account)
            s.flush()
            room = Room(floor_id=floor.id, number=room_no, account_id=account.id)
            s.add(room)
            s.flush()
            meter = Meter(
                link_id=link.id,
                address=str(i + 1),
                profile="sim-prepaid-modbus",
                role=MeterRole.TENANT,
                billing_mode=mode,
                room_id=room.id,
                building_id=building.id,
            )
            s.add(meter)
            s.flush()
            park.accounts[name], park.rooms[room_no], park.meters[name] = (
                account.id,
                room.id,
                meter.id,
            )
        vacant = Room(floor_id=fa.id, number="A103")
        master = Meter(
            link_id=link.id,
            address="9",
            profile="sim-prepaid-modbus",
            role=MeterRole.MASTER,
            billing_mode=BillingMode.PLATFORM,
            building_id=a.id,
        )
        s.add_all([vacant, master])
        s.flush()
        park.rooms["A103"], park.meters["master"] = vacant.id, master.id


def _tariffs(park: SmallPark) -> None:
    published = at(2, 1)
    flat = {"effective_from": published.isoformat(), "prices": {"flat": "0.6000"}}
    publish_version(park.db, park.admin, "平价", flat, now=published)
    assign(park.db, park.admin, "平价", "default")
    tou = {
        "effective_from": published.isoformat(),
        "prices": {"sharp": "1.2345", "peak": "0.9876", "flat": "0.6000", "valley": "0.3333"},
        "seasons": [
            {
                "start": "01-01",
                "workday": [
                    ["00:00", "valley"],
                    ["08:00", "peak"],
                    ["10:00", "sharp"],
                    ["11:00", "flat"],
                    ["23:00", "valley"],
                ],
            }
        ],
    }
    publish_version(park.db, park.admin, "分时", tou, now=published)
    assign(park.db, park.admin, "分时", "meter", str(park.meters["M1"]))


def _recharge(park: SmallPark, name: str, room: str, yuan: str, method: str, when: datetime) -> int:
    key = f"rc-{name}-{room}-{when:%m%d%H%M}"
    result = recharge(
        park.db,
        park.admin,
        RechargeRequest(yuan, method, key, room_id=park.rooms[room]),
        now=when,
    )
    park.txns[name] = result.txn_id
    return result.txn_id


def bill(park: SmallPark, meter: str, when: datetime, total: str) -> int:
    """One platform-side interval through the collector's Biller (the first is a baseline)."""
    with park.db.write() as s:
        row = s.get(Meter, park.meters[meter])
        assert row is not None
        out = Biller(s, park.admin, Rules()).bill(
            row.id, row.room_id, when, Decimal(total), None, SLOT(when)
        )
    return out.fen


def daily(
    park: SmallPark, meter: str, when: datetime, total: str, bands: tuple[str, ...] = ()
) -> None:
    """A daily freeze row at local midnight ``when``."""
    values = dict(zip(BANDS, (Decimal(b) for b in bands), strict=False))
    with park.db.write() as s:
        s.add(
            Reading(
                meter_id=park.meters[meter],
                kind=ReadingKind.DAILY,
                ts=when,
                energy_total=Decimal(total),
                energy_sharp=values.get("sharp"),
                energy_peak=values.get("peak"),
                energy_flat=values.get("flat"),
                energy_valley=values.get("valley"),
            )
        )


def build(db: Database) -> SmallPark:
    """The park and its money up to April (see the module's docstring)."""
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    park = SmallPark(db, admin)
    _site(db, park)
    _tariffs(park)
    _recharge(park, "p1-feb", "A101", "100", "cash", at(2, 20, 10))
    _recharge(park, "m1-feb", "A102", "50", "cash", at(2, 20, 11))
    assert bill(park, "P1", at(2, 27), "995") == 0
    assert bill(park, "P1", at(2, 28, 12), "1000") == 300
    assert bill(park, "P2", at(3, 1), "200") == 0
    assert bill(park, "P1", at(3, 2), "1010") == 600
    _recharge(park, "p1-mar", "A101", "200", "card", at(3, 5, 9))
    _recharge(park, "p2-mar", "B201", "80", "qr", at(3, 5, 10))
    _recharge(park, "m1-mar", "A102", "30", "cash", at(3, 5, 11))
    fee = charge_fee(db, admin, park.accounts["P1"], "15", "物业费", now=at(3, 10, 9))
    assert fee is not None
    park.txns["p1-fee"] = fee
    refund(db, admin, park.accounts["P2"], "20", "cash", "退租押金", now=at(3, 12, 15))
    assert bill(park, "P1", at(3, 31, 12), "1030") == 1200
    assert bill(park, "P2", at(3, 31, 23), "212") == 720
    assert bill(park, "P1", at(4, 2), "1040") == 600
    for day, p1, p2, m1_total, m1_bands in (
        (at(3, 1), "1004.00", "200.00", "500", ("50", "150", "200", "100")),
        (at(4, 1), "1036.00", "212.50", "600", ("60", "180", "240", "120")),
    ):
        daily(park, "P1", day, p1)
        daily(park, "P2", day, p2)
        daily(park, "M1", day, m1_total, m1_bands)
    return park


MARCH_EXPECTED = {
    # account: kwh, (kwh per band), (fen per band), energy fen,
    #          opening, recharges, refunds, charges, fees, other, closing
    "P1": (
        Decimal("32"),
        (0, 0, 0, 0),
        (0, 0, 1800, 0),
        1800,
        (9700, 20000, 0, -1800, -1500, 0, 26400),
    ),
    "M1": (
        Decimal("100"),
        (10, 30, 40, 20),
        (1235, 2963, 2400, 667),
        7265,
        (5000, 3000, 0, 0, 0, 0, 8000),
    ),
    "P2": (
        Decimal("12.5"),
        (0, 0, 0, 0),
        (0, 0, 720, 0),
        720,
        (0, 8000, -2000, -720, 0, 0, 5280),
    ),
}
