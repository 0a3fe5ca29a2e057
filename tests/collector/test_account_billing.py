"""Tier periods and the base allowance belong to the account (一户多表), billed exactly.

The Biller runs here on a real SQLite file, in the writer's kind of transaction, with
readings we choose, so the arithmetic can be checked to the fen.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.collector.billing import Biller
from app.collector.config import CollectorConfig, Rules
from app.db import Database
from app.ledger.accounts import close_account
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.tariffs import assign, publish_version
from app.livedata.rooms import room_detail
from app.models import Account, AccountBilling, BillingMode, Meter, MeterCharge
from app.security import system_actor
from drivers.simulator import BusSimulator

from .conftest import ZONE, Site, make_site

ADMIN = system_actor(name="cli:test")
START = datetime(2026, 3, 1, 0, 0, tzinfo=ZONE)
SLOT = CollectorConfig().slot


def _tariff(db: Database, allowance: str) -> None:
    definition = {
        "effective_from": (START - timedelta(days=1)).isoformat(),
        "prices": {"flat": "0.5000"},
        "tiers": [{"upto": "100", "add": "0"}, {"upto": None, "add": "0.3000"}],
        "allowance_kwh": allowance,
    }
    publish_version(db, ADMIN, "宿舍阶梯", definition, now=START - timedelta(days=1))
    assign(db, ADMIN, "宿舍阶梯", "default")


def _household(db: Database, sim: BusSimulator) -> Site:
    """Two platform-side meters in one room: one account."""
    site = make_site(db, sim, {"1": BillingMode.PLATFORM, "2": BillingMode.PLATFORM})
    with db.write() as s:
        s.get(Meter, site.meter_id(2)).room_id = site.rooms["1"]
    return site


def _bill(db: Database, site: Site, address: int, hours: int, total: str) -> int:
    at = (START + timedelta(hours=hours)).astimezone(ZONE)
    with db.write() as s:
        meter = s.get(Meter, site.meter_id(address))
        out = Biller(s, ADMIN, Rules()).bill(
            meter.id, meter.room_id, at, Decimal(total), None, SLOT(at)
        )
    return out.fen


def test_one_household_climbs_the_tiers_with_all_its_meters(
    db: Database, sim: BusSimulator
) -> None:
    site = _household(db, sim)
    _tariff(db, "0")
    for address in (1, 2):
        assert _bill(db, site, address, 0, "1000") == 0  # baseline
    assert _bill(db, site, 1, 24, "1080") == 80 * 50  # 80 kWh, first tier
    # 40 kWh on the second meter: 20 more in the first tier, 20 in the second (per meter
    # periods would have billed all 40 in the first tier)
    assert _bill(db, site, 2, 25, "1040") == 20 * 50 + 20 * 80
    with db.read() as s:
        progress = s.get(AccountBilling, site.accounts["1"])
        assert progress.period == "2026-3" and Decimal(progress.period_kwh) == 120
    assert verify(db).ok


def test_the_allowance_is_shared_and_consumed_before_money(db: Database, sim: BusSimulator) -> None:
    site = _household(db, sim)
    _tariff(db, "30")
    recharge(
        db,
        ADMIN,
        RechargeRequest(
            amount="100.00",
            method="cash",
            idempotency_key="allowance-pay-1",
            room_id=site.rooms["1"],
        ),
    )
    for address in (1, 2):
        _bill(db, site, address, 0, "500")
    assert _bill(db, site, 1, 10, "520") == 0  # 20 of the 30 free kWh
    with db.read() as s:  # the room detail tells the operator what is left
        detail = room_detail(s, ZONE, site.rooms["1"], now=START + timedelta(hours=10))
    assert detail.allowance == (20, 30)
    assert _bill(db, site, 2, 11, "515") == 5 * 50  # the last 10 free, then 5 kWh paid
    with db.read() as s:
        lines = [
            line
            for charge in s.scalars(select(MeterCharge).order_by(MeterCharge.id))
            for line in charge.lines
        ]
        account = s.get(Account, site.accounts["1"])
        assert account.balance_fen == 10000 - 250
    assert [(line.get("free", False), Decimal(line["kwh"])) for line in lines] == [
        (True, 20),
        (True, 10),
        (False, 5),
    ]
    with db.read() as s:
        detail = room_detail(s, ZONE, site.rooms["1"], now=START + timedelta(hours=12))
        may = room_detail(s, ZONE, site.rooms["1"], now=START + timedelta(days=62))
    assert detail.allowance == (30, 30) and may.allowance == (0, 30)
    # next month the allowance starts again; nothing of it carries over
    assert _bill(db, site, 1, 24 * 31, "520") == 0  # April 1st 00:00, nothing used since
    assert _bill(db, site, 1, 24 * 31 + 5, "560") == 10 * 50  # 30 free, 10 paid
    with db.read() as s:
        april = room_detail(s, ZONE, site.rooms["1"], now=START + timedelta(days=31, hours=6))
    assert april.allowance == (30, 30)
    # closing pays back only money: the free energy was never money
    slip = close_account(db, ADMIN, site.accounts["1"])
    assert slip is not None
    with db.read() as s:
        assert s.get(Account, site.accounts["1"]).balance_fen == 0
    assert verify(db).ok
