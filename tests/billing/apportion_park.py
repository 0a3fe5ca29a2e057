"""A small park for the apportionment tests, with readings hand-written as ``Reading`` rows.

November 2026 in park time (Asia/Shanghai); each meter has a daily freeze at 00:00 on
1 November and on 1 December (the period's two boundaries).

Building A (tariff 分时 by building: sharp 1.2000, peak 1.0000, flat 0.7000, valley 0.4000):
master ``MA`` 680.00 kWh with band registers 68 / 204 / 272 / 136 (1 : 3 : 4 : 2); below it
(``parent_id``) room 101 (account X, 50 m², 300.00 kWh), 102 (Y, 30 m², 200.00), 103 (Z,
20 m², 100.00), vacant room 104 (40 m², 0.00) and the common meter ``CA`` (50.00 kWh,
tariff 平价 0.8000 by meter). Loss = 680 - 650 = 30.00 kWh (4.41 % of the master).

Building B: master ``MB`` 100.00 kWh, no ``parent_id``: every other meter is below it:
room 201 (W, 60.00), room 202 (V, 50.00): the loss would be -10.00 kWh.

Building C: master ``MC`` 100.00 kWh, room 301 (U, 95.00 by the 1 Nov freeze and an
interval at 15:00 on 30 Nov): no reading on 1 December (offline).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.db import Database
from app.ledger.tariffs import assign, publish_version
from app.models import (
    Account,
    AccountStatus,
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
from app.security.passwords import HashParams, configure_hashing

ZONE = ZoneInfo("Asia/Shanghai")
PASSWORD = "Apportion-2026!"
START = datetime(2026, 11, 1, tzinfo=ZONE).astimezone(UTC)
END = datetime(2026, 12, 1, tzinfo=ZONE).astimezone(UTC)


@dataclass
class ApportionPark:
    db: Database
    admin: Actor
    buildings: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)
    meters: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)


def _read(meter: int, ts: datetime, total: str, bands: tuple[str, ...] | None = None) -> Reading:
    kind = ReadingKind.DAILY if ts in (START, END) else ReadingKind.INTERVAL
    sharp = peak = flat = valley = None
    if bands is not None:
        sharp, peak, flat, valley = (Decimal(b) for b in bands)
    return Reading(
        meter_id=meter,
        kind=kind,
        ts=ts,
        energy_total=Decimal(total),
        energy_sharp=sharp,
        energy_peak=peak,
        energy_flat=flat,
        energy_valley=valley,
    )


# name: (building, room or None, role, account, area, (start, end) totals)
ROOMS = {
    "101": ("A", "X", "50.00"),
    "102": ("A", "Y", "30.00"),
    "103": ("A", "Z", "20.00"),
    "104": ("A", None, "40.00"),
    "201": ("B", "W", "80.00"),
    "202": ("B", "V", "20.00"),
    "301": ("C", "U", "10.00"),
}
METERS = {
    "MA": ("A", None, MeterRole.MASTER, "1000.00", "1680.00"),
    "t101": ("A", "101", MeterRole.TENANT, "100.00", "400.00"),
    "t102": ("A", "102", MeterRole.TENANT, "100.00", "300.00"),
    "t103": ("A", "103", MeterRole.TENANT, "100.00", "200.00"),
    "t104": ("A", "104", MeterRole.TENANT, "100.00", "100.00"),
    "CA": ("A", None, MeterRole.COMMON, "10.00", "60.00"),
    "MB": ("B", None, MeterRole.MASTER, "500.00", "600.00"),
    "t201": ("B", "201", MeterRole.TENANT, "0.00", "60.00"),
    "t202": ("B", "202", MeterRole.TENANT, "0.00", "50.00"),
    "MC": ("C", None, MeterRole.MASTER, "0.00", "100.00"),
    "t301": ("C", "301", MeterRole.TENANT, "5.00", "100.00"),
}


def build_apportion_park(db: Database) -> ApportionPark:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    park = ApportionPark(db, create_first_admin(db, "admin", "管理员", PASSWORD))
    with db.write() as s:
        site = Park(name="公摊园区")
        s.add(site)
        s.flush()
        floors = {}
        for name in "ABC":
            building = Building(park_id=site.id, name=f"{name}栋")
            s.add(building)
            s.flush()
            park.buildings[name] = building.id
            floors[name] = Floor(building_id=building.id, name="1F", level=1)
            s.add(floors[name])
        link = Link(name="bus", url="sim://apportion", protocol=Protocol.MODBUS)
        s.add(link)
        s.flush()
        for number, (building, account, area) in ROOMS.items():
            room = Room(floor_id=floors[building].id, number=number, area_m2=Decimal(area))
            if account is not None:
                tenant = Tenant(name=f"租户{account}", kind=TenantKind.ENTERPRISE)
                s.add(tenant)
                s.flush()
                row = Account(number=account, tenant_id=tenant.id, status=AccountStatus.OPEN)
                s.add(row)
                s.flush()
                park.accounts[account] = room.account_id = row.id
            s.add(room)
            s.flush()
            park.rooms[number] = room.id
        for address, (name, (building, room, role, _, _)) in enumerate(METERS.items(), 1):
            meter = Meter(
                link_id=link.id,
                address=str(address),
                profile="sim-modbus",
                role=role,
                billing_mode=BillingMode.PLATFORM,
                room_id=park.rooms[room] if room else None,
                building_id=park.buildings[building],
                label=name,
            )
            s.add(meter)
            s.flush()
            park.meters[name] = meter.id
        for name in ("t101", "t102", "t103", "t104", "CA"):
            row = s.get(Meter, park.meters[name])
            assert row is not None
            row.parent_id = park.meters["MA"]
        s.add_all(_readings(park))
    _tariffs(park)
    return park


def _readings(park: ApportionPark) -> list[Reading]:
    out = []
    for name, (_, _, _, first, last) in METERS.items():
        meter = park.meters[name]
        if name == "MA":
            out.append(_read(meter, START, first, ("100.00", "300.00", "400.00", "200.00")))
            out.append(_read(meter, END, last, ("168.00", "504.00", "672.00", "336.00")))
        elif name == "t301":  # offline since the afternoon of 30 Nov
            out.append(_read(meter, START, first))
            afternoon = datetime(2026, 11, 30, 15, tzinfo=ZONE).astimezone(UTC)
            out.append(_read(meter, afternoon, last))
        else:
            out.append(_read(meter, START, first))
            out.append(_read(meter, END, last))
    return out


def _tariffs(park: ApportionPark) -> None:
    published = datetime(2026, 10, 1, tzinfo=UTC)
    flat = {"effective_from": published.isoformat(), "prices": {"flat": "0.8000"}}
    publish_version(park.db, park.admin, "平价", flat, now=published)
    assign(park.db, park.admin, "平价", "default")
    assign(park.db, park.admin, "平价", "meter", str(park.meters["CA"]))
    tou = {
        "effective_from": published.isoformat(),
        "prices": {"sharp": "1.2000", "peak": "1.0000", "flat": "0.7000", "valley": "0.4000"},
        # tiers and an allowance that must NOT apply to shared energy
        "allowance_kwh": "10",
        "tiers": [{"upto": "5", "add": "0"}, {"upto": None, "add": "0.5"}],
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
    assign(park.db, park.admin, "分时", "building", str(park.buildings["A"]))
