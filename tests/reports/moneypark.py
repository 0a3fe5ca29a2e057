"""A small park whose money is made through the real ledger services, with figures worked
out by hand in the tests of the orders and income reports.

Park time is Asia/Shanghai (UTC+8). Two buildings: A栋 (1F: 101, 102 platform-side; 2F:
201 meter-side) and B栋 (1F: 101 platform-side). Four accounts, one per room:

====================  =======================================  ============================
park time              what (who)                               counter / account (fen)
====================  =======================================  ============================
2026-10-31 23:59       recharge A101 ¥100.00 cash (cashier1)    +10000 cash / +10000
2026-11-01 00:01       recharge B101 ¥200.50 card (cashier1)    +20050 card / +20050
2026-11-02 10:00       recharge A102 ¥300.00 QR (cashier2)      +30000 qr / +30000
2026-11-03 09:00       recharge A201 ¥50.00 transfer (cashier1) +5000 transfer / +5000 meter
2026-11-05 14:00       refund A101 ¥30.25 cash (cashier1)       -3025 cash / -3025
2026-11-06 11:00       reversal of the A102 recharge (admin)    -30000 qr / -30000 (no slip)
2026-11-07 09:00       fee 物业费 ¥10.00 on A101 (admin)         internal / -1000
2026-11-07 10:00       adjustment +¥5.00 on B101 (admin)        internal / +500
2026-11-08 10:00       transfer ¥20.00 B101 -> A102 (admin)     internal / -2000, +2000
2026-11-09 16:00       close B101: refund ¥185.50 cash (admin)  -18550 cash / -18550
2026-11-10 23:30       energy charge A101 1.23                  internal / -123
2026-11-10 23:50       energy charge A101 0.77                  internal / -77
2026-11-11 00:10       energy charge A101 0.50                  internal / -50
====================  =======================================  ============================

The 23:59 / 00:01 pair straddles a month end in park time while both are on 31 October in
UTC; the 23:50 / 00:10 charges straddle a park-local midnight the same way.

Energy charges are posted with ``app.ledger.journal.post`` and the legs, key and memo the
collector's biller (``app.collector.billing``) writes: the biller itself needs a bus and
readings, which the energy reports' tests exercise.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from app.db import Database
from app.ledger.accounts import close_account, open_account, refund, transfer
from app.ledger.corrections import adjust, charge_fee, reverse_transaction
from app.ledger.journal import REVENUE, TENANT, Leg, post
from app.ledger.recharge import RechargeRequest, recharge
from app.models import (
    BillingMode,
    Building,
    Floor,
    Link,
    Meter,
    MeterRole,
    Parity,
    Park,
    Protocol,
    Role,
    Room,
)
from app.security import Actor, add_operator, create_first_admin, login, system_actor

PASSWORD = "Counter-2026!"
PARK = timezone(timedelta(hours=8))


def at(text: str) -> datetime:
    """A park-local time ``YYYY-MM-DD HH:MM`` as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=PARK).astimezone(UTC)


@dataclass
class MoneyPark:
    db: Database
    staff: dict[str, Actor] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)  # "A101" -> room id
    accounts: dict[str, int] = field(default_factory=dict)  # "A101" -> account id
    numbers: dict[str, str] = field(default_factory=dict)  # "A101" -> account number
    receipts: dict[str, str] = field(default_factory=dict)  # what -> receipt/slip number


def _site(db: Database, park: MoneyPark) -> None:
    with db.write() as s:
        site = Park(name="测试园区")
        s.add(site)
        s.flush()
        link = Link(
            name="bus 1",
            url="sim://reports",
            protocol=Protocol.MODBUS,
            baud=9600,
            parity=Parity.NONE,
        )
        s.add(link)
        s.flush()
        for bname, floors in (
            ("A栋", {"1F": ["101", "102"], "2F": ["201"]}),
            ("B栋", {"1F": ["101"]}),
        ):
            building = Building(park_id=site.id, name=bname)
            s.add(building)
            s.flush()
            for level, (fname, numbers) in enumerate(floors.items(), start=1):
                floor = Floor(building_id=building.id, name=fname, level=level)
                s.add(floor)
                s.flush()
                for number in numbers:
                    room = Room(floor_id=floor.id, number=number)
                    s.add(room)
                    s.flush()
                    key = f"{bname[0]}{number}"
                    meter_side = key == "A201"
                    s.add(
                        Meter(
                            link_id=link.id,
                            address=str(len(park.rooms) + 1),
                            profile="sim-prepaid-modbus",
                            role=MeterRole.TENANT,
                            billing_mode=BillingMode.METER if meter_side else BillingMode.PLATFORM,
                            room_id=room.id,
                            building_id=building.id,
                        )
                    )
                    park.rooms[key] = room.id


def _staff(db: Database) -> dict[str, Actor]:
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    people = {"admin": admin}
    for name, role in (
        ("cashier1", Role.CASHIER),
        ("cashier2", Role.CASHIER),
        ("operator", Role.OPERATOR),
        ("auditor", Role.AUDITOR),
    ):
        add_operator(db, admin, name, name, role, PASSWORD)
        people[name] = login(db, name, PASSWORD)
    return people


TENANTS = {"A101": "星河科技", "A102": "蓝海商贸", "A201": "启明宿舍", "B101": "华创电子"}


def build_money_park(db: Database) -> MoneyPark:
    park = MoneyPark(db)
    _site(db, park)
    park.staff = staff = _staff(db)
    admin, c1, c2 = staff["admin"], staff["cashier1"], staff["cashier2"]
    for key, tenant in TENANTS.items():
        account = open_account(
            db, admin, tenant, "enterprise", [park.rooms[key]], now=at("2026-10-01 09:00")
        )
        park.accounts[key], park.numbers[key] = account.id, account.number

    def pay(who: Actor, key: str, amount: str, method: str, when: str) -> int:
        result = recharge(
            db,
            who,
            RechargeRequest(amount, method, uuid.uuid4().hex, room_id=park.rooms[key]),
            now=at(when),
        )
        park.receipts[f"recharge {key}"] = result.receipt_number
        return result.txn_id

    pay(c1, "A101", "100.00", "cash", "2026-10-31 23:59")
    pay(c1, "B101", "200.50", "card", "2026-11-01 00:01")
    qr_txn = pay(c2, "A102", "300.00", "qr", "2026-11-02 10:00")
    pay(c1, "A201", "50.00", "transfer", "2026-11-03 09:00")
    park.receipts["refund A101"] = refund(
        db, c1, park.accounts["A101"], "30.25", "cash", "tenant asked", now=at("2026-11-05 14:00")
    )
    reverse_transaction(db, admin, qr_txn, reason="wrong account", now=at("2026-11-06 11:00"))
    charge_fee(db, admin, park.accounts["A101"], "10.00", "物业费", now=at("2026-11-07 09:00"))
    adjust(db, admin, park.accounts["B101"], 500, "meter fault credit", now=at("2026-11-07 10:00"))
    transfer(
        db, admin, park.accounts["B101"], park.accounts["A102"], "20.00", now=at("2026-11-08 10:00")
    )
    slip = close_account(db, admin, park.accounts["B101"], "cash", now=at("2026-11-09 16:00"))
    park.receipts["close B101"] = slip or ""
    _charges(db, park)
    return park


def _charges(db: Database, park: MoneyPark) -> None:
    """Three platform-side energy charges on A101 around a park-local midnight."""
    biller = system_actor(name="collector")
    with db.read() as s:
        from sqlalchemy import select

        meter_id = s.scalar(select(Meter.id).where(Meter.room_id == park.rooms["A101"]))
    for when, fen in (
        ("2026-11-10 23:30", 123),
        ("2026-11-10 23:50", 77),
        ("2026-11-11 00:10", 50),
    ):
        moment = at(when)
        with db.write() as s:
            post(
                s,
                "charge",
                [Leg(TENANT, -fen, park.accounts["A101"]), Leg(REVENUE, fen)],
                biller,
                idempotency_key=f"charge:{meter_id}:{moment:%Y%m%dT%H%M}",
                memo=f"energy {fen / 100} kWh, meter {meter_id}",
                now=moment,
            )
