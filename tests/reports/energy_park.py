"""A small park with hand-written readings for the energy reports' tests.

Readings are what meters report, so the tests write ``Reading`` rows directly (the real
input of the reports); the meter swap goes through the real ``replace_meter`` service.
Park time is Asia/Shanghai (UTC+8): local midnight of 1 November is 31 October 16:00 UTC.

Building A, floor 1F: room 101 (meter ``m1``, band registers; 1, 2, 4, 5 Nov daily freezes,
3 Nov intervals only), room 102 (``m2``, rolls over at 1,000,000 kWh on 2 Nov), room 103
(``m3``, swapped on 3 Nov at 10:00 for ``m3n``), room 104 (``m5``, reset on 2 Nov).
Building B, floor 2F: room 201 (``m4``, no reading on 3 Nov at all). The building meter
``master`` of A (MeterRole.MASTER) has m1, m2, m3 as sub-meters by ``parent_id``.

Use by day, hand computed (kWh):

| meter | 1 Nov | 2 Nov | 3 Nov | 4 Nov |
|---|---|---|---|---|
| m1 | 12.50 | 7.50 | 10.00 | 11.00 |  bands below
| m2 | 5.50 | 7.75 (roll-over) | 6.75 | 10.00 |
| m3 | 20.00 | 20.00 | 10.00 (final 250.00) | 0 |
| m3n | 0 | 0 | 11.50 | 13.00 |
| m5 | 10.00 | 0 (reset, incomplete) | 3.00 | 1.00 |
| m4 | 4.00 | 6.00 (3 Nov estimated) | 0 (estimated) | 5.00 |
| master | 60.00 | 40.00 | 45.00 | 41.00 |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.db import Database
from app.ledger.meterswap import replace_meter
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
PASSWORD = "Energy-2026!"
SWAP_AT = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 10:00 on 3 Nov in park time


def local(day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A November 2026 park-local wall time as an aware UTC datetime."""
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


@dataclass
class EnergyPark:
    db: Database
    admin: Actor
    m1: int
    m2: int
    m3: int
    m3n: int
    m4: int
    m5: int
    master: int
    rooms: dict[str, int]
    buildings: dict[str, int]
    accounts: dict[str, int]


def _reading(
    meter: int, kind: ReadingKind, ts: datetime, total: str, bands: tuple[str, ...] | None = None
) -> Reading:
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


D, IV = ReadingKind.DAILY, ReadingKind.INTERVAL


def build_energy_park(db: Database) -> EnergyPark:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    with db.write() as s:
        park = Park(name="星河园区")
        s.add(park)
        s.flush()
        a, b = Building(park_id=park.id, name="A栋"), Building(park_id=park.id, name="B栋")
        s.add_all([a, b])
        s.flush()
        fa, fb = Floor(building_id=a.id, name="1F", level=1), Floor(building_id=b.id, name="2F")
        s.add_all([fa, fb])
        link = Link(name="bus1", url="sim://energy", protocol=Protocol.MODBUS)
        s.add(link)
        s.flush()
        tenants = [Tenant(name=f"租户{i}", kind=TenantKind.ENTERPRISE) for i in range(3)]
        s.add_all(tenants)
        s.flush()
        accounts = {
            n: Account(number=n, tenant_id=t.id, status=AccountStatus.OPEN)
            for n, t in zip(("A-01", "A-02", "B-01"), tenants, strict=True)
        }
        s.add_all(accounts.values())
        s.flush()
        owner = {"101": "A-01", "102": "A-01", "103": "A-02", "104": "A-02", "201": "B-01"}
        rooms = {}
        for number, account in owner.items():
            floor = fb if number.startswith("2") else fa
            room = Room(floor_id=floor.id, number=number, account_id=accounts[account].id)
            s.add(room)
            s.flush()
            rooms[number] = room.id

        def meter(address: str, room: str | None, role: MeterRole = MeterRole.TENANT) -> Meter:
            row = Meter(
                link_id=link.id,
                address=address,
                profile="sim-modbus",
                role=role,
                billing_mode=BillingMode.METER,
                room_id=rooms[room] if room else None,
                building_id=a.id if room is None or room.startswith("1") else b.id,
            )
            s.add(row)
            s.flush()
            return row

        master = meter("90", None, MeterRole.MASTER)
        m1, m2, m3, m5 = meter("1", "101"), meter("2", "102"), meter("3", "103"), meter("5", "104")
        m4 = meter("4", "201")
        for sub in (m1, m2, m3):
            sub.parent_id = master.id
        s.add_all(_readings(m1.id, m2.id, m3.id, m4.id, m5.id, master.id))
        ids = (m1.id, m2.id, m3.id, m4.id, m5.id, master.id)
        building_ids = {"A栋": a.id, "B栋": b.id}
        account_ids = {n: acc.id for n, acc in accounts.items()}
    m3n = replace_meter(db, admin, ids[2], "33", final_kwh="250.00", now=SWAP_AT)
    with db.write() as s:
        s.add_all(
            [
                _reading(m3n, IV, SWAP_AT + timedelta(minutes=15), "0.50"),
                _reading(m3n, D, local(4), "12.00"),
                _reading(m3n, D, local(5), "25.00"),
            ]
        )
    return EnergyPark(
        db,
        admin,
        ids[0],
        ids[1],
        ids[2],
        m3n,
        ids[3],
        ids[4],
        ids[5],
        rooms,
        building_ids,
        account_ids,
    )


def _readings(m1: int, m2: int, m3: int, m4: int, m5: int, master: int) -> list[Reading]:
    out = [
        # m1: freezes with bands; an interval just after midnight the freeze wins over
        _reading(m1, D, local(1), "100.00", ("10.00", "20.00", "30.00", "40.00")),
        _reading(m1, IV, local(1, 0, 15), "100.50", ("10.00", "20.00", "30.50", "40.00")),
        _reading(m1, D, local(2), "112.50", ("11.00", "24.00", "33.00", "44.50")),
        # 3 Nov: no freeze; 23:45 on the 2nd is before midnight and must not be used
        _reading(m1, IV, local(2, 23, 45), "119.90", ("12.00", "26.00", "35.90", "46.00")),
        _reading(m1, IV, local(3, 0, 15), "120.00", ("12.00", "26.00", "36.00", "46.00")),
        _reading(m1, IV, local(3, 0, 30), "120.40", ("12.00", "26.00", "36.40", "46.00")),
        _reading(m1, D, local(4), "130.00", ("13.00", "28.00", "39.00", "50.00")),
        _reading(m1, D, local(5), "141.00", ("14.00", "30.00", "42.00", "55.00")),
        # m3: swapped on the 3rd at 10:00 (the final reading comes from replace_meter)
        _reading(m3, D, local(1), "200.00"),
        _reading(m3, D, local(2), "220.00"),
        _reading(m3, D, local(3), "240.00"),
        # m4 (building B): nothing at all on 3 Nov; the 4th's freeze is missing too but an
        # interval at 06:00 of the 4th stands for it
        _reading(m4, D, local(1), "50.00"),
        _reading(m4, D, local(2), "54.00"),
        _reading(m4, IV, local(4, 6), "60.00"),
        _reading(m4, D, local(5), "65.00"),
    ]
    for day, total in zip(
        range(1, 6), ("999990.00", "999995.50", "3.25", "10.00", "20.00"), strict=True
    ):
        out.append(_reading(m2, D, local(day), total))  # rolls over on the 2nd
    for day, total in zip(range(1, 6), ("500.00", "510.00", "5.00", "8.00", "9.00"), strict=True):
        out.append(_reading(m5, D, local(day), total))  # reset on the 2nd
    for day, total in zip(
        range(1, 6), ("8000.00", "8060.00", "8100.00", "8145.00", "8186.00"), strict=True
    ):
        out.append(_reading(master, D, local(day), total))
    return out
